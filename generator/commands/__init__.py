"""One module per ``tna`` sub-command, each with ``NAME``, ``HELP``, ``add_arguments`` and ``run``."""
