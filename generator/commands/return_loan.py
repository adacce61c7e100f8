"""``tna return``: the items come back; an agent records the return check and any incident."""

from __future__ import annotations

import argparse

from ..loanfile import flow_map, YamlMapping
from ..vocabulary import Condition
from ..dates import french_date
from ..rules.handover_dates import RETURN
from .conditions import (Observation, add_check_arguments, assignments, check_block, check_moment,
                         chosen_conditions, observe, parts_of, refuse_impossible_moment)
from .prompting import ask, non_empty, say
from .staff import LoanContext, add_loan_arguments, on, open_loan, refusals_exit_one, require_status, save, \
    staff_login
from ..vocabulary import LoanStatus

NAME = "return"
HELP = ("enregistre la restitution d'un prêt retiré (statut retire → restitue) avec l'état des lieux, "
        "et un incident pour chaque composant rendu en moins bon état")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    add_check_arguments(parser)
    parser.add_argument("--incident", action="append", default=[], metavar="COMPOSANT=DESCRIPTION",
                        help="ce qui est arrivé à un composant rendu en moins bon état qu'au retrait ; répétable")


def worse(context: LoanContext, observations: list[Observation]) -> list[tuple[Observation, str]]:
    """Components back in a worse condition than at pickup, with no incident recorded yet."""
    pickup = context.loan.pickup_check
    reported = {(incident.item_id, incident.component_id) for incident in context.loan.incidents}
    found = []
    for observation in observations:
        before = pickup.condition_of(*observation.part.key) if pickup else None
        if before is None or observation.part.key in reported:
            continue
        if Condition(observation.condition).rank > Condition(before).rank:
            found.append((observation, before))
    return found


def incidents(context: LoanContext, observations: list[Observation],
              described: dict[tuple[str, str], str]) -> list[YamlMapping]:
    """One incident per damaged component: from ``--incident`` (``described``), or asked at the terminal."""
    entries = []
    for observation, before in worse(context, observations):
        part = observation.part
        description = described.get(part.key)
        if description is None:
            say(f"{part.item_name} — {part.component_name} : « {before} » au retrait, "
                f"« {observation.condition} » au retour (Art. 4.1).")
            description = ask("  Décrivez l'incident (ce qui s'est passé)", non_empty)
        entries.append(flow_map([("date", context.today), ("materiel", part.item_id),
                                 ("composant", part.component_id), ("description", description)]))
    return entries


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    context = open_loan(args)
    login = staff_login(args, context)
    require_status(context, LoanStatus.RESTITUE, {LoanStatus.RETIRE}, "seul un prêt retiré peut être restitué")
    parts = parts_of(context)
    chosen = chosen_conditions(parts, args.etat)
    described = assignments(args.incident, parts, "--incident")
    moment = check_moment(args, context, context.loan.return_at)
    refuse_impossible_moment(context, RETURN, moment, None)
    observations = observe(parts, chosen, args.tout_bon)
    new_incidents = incidents(context, observations, described)
    edit = context.editable()
    edit.put("statut", LoanStatus.RESTITUE)
    edit.put("etat_restitution", check_block(moment, login, observations))
    if new_incidents:
        edit.append("incidents", new_incidents)
    late = context.today > context.loan.end
    note = f" (restitution attendue le {french_date(context.loan.end)})" if late else ""
    return save(context, edit.dump(),
                f"{context.display} : restitution enregistrée par {login} le {on(context.today)}{note}, "
                f"{len(new_incidents)} incident(s) ajouté(s).")
