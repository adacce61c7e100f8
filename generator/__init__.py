"""Réseau des territoires numériques apprenants: data, rules and site generator."""

__version__ = "0.1.0"
