"""What act an rdcr heading names: its kind, and who did what.

A heading may name two acts ("Establishment of Diplomatic Relations and the American
Legation in Lima"): :func:`clauses` splits it where a new act begins, and a clause that
names no verb of its own takes the previous one's ("… and the American Legation" is an
establishment too). :func:`classify` tries the rules in order; a clause no rule knows
(German unification, trade, an assassination, an interests section) is not an act of the
closed vocabulary and is reported, not imported.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SPLIT = re.compile(
    r"\s*;\s*|\s*(?:\band\b|&|/)\s*(?=(?:the\s+)?"
    r"(?:(?:American|U\.S\.|US|United\s+States|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+)?"
    r"(?:Legation|Embassy|Establishment|Reestablishment|Re-establishment|Closure|Closing"
    r"|Reopening|Re-opening|Opening|Diplomatic|Resumption|Recognition|Termination|Relations"
    r"|Severing|Elevation|Consulate)\b)"
)
_VERB = re.compile(
    r"\b(?:establish\w*|closure|closing|clos\w*|re-?open\w*|opening|resum\w*|recogni\w*|"
    r"terminat\w*|sever\w*|elevat\w*|raised|reestablish\w*|re-establish\w*|restor\w*)\b",
    re.IGNORECASE,
)
_AMERICAN = re.compile(
    r"\b(?:American|U\.S\.|US|United States)\s+(?:Legation|Embassy|Consul|Ambassador|Minister"
    r"|Representative)"
)
_THEIRS = re.compile(
    r"(?:Legation|Embassy|Consulate)s?\s+in\s+(?:the\s+United\s+States|Washington)\b"
    r"|\b(?!American\b)[A-Z][a-z]+(?:ian|ish|ese|an|i|ch)\s+(?:Legation|Embassy)\b"
)


class Act(NamedTuple):
    """One act a heading names."""

    kind: str
    clause: str
    sender: str
    """For legations, embassies and consulates: ``us`` (American), ``them`` (the
    counterpart's), or "" (the heading does not say)."""
    recognizer: str
    """For recognitions: ``us``, ``them``, ``mutual`` or ""."""


def clauses(heading: str) -> list[str]:
    """The heading's clauses, each naming one act, the verb carried over where missing."""
    parts = [part.strip(" ,.") for part in _SPLIT.split(heading) if part.strip(" ,.")]
    done: list[str] = []
    verb = ""
    for part in parts:
        found = _VERB.search(part)
        if found:
            verb = found[0]
        elif verb and done:
            part = f"{verb} of {part}"
        done.append(part)
    return done


def _rules(text: str) -> str:
    low = text.lower()
    relations = "relations" in low and "consular relations" not in low
    if re.search(r"anniversary|non-recognition|withdraw|\bnever\b", low) or re.match(r"no\b", low):
        return ""  # "No diplomatic relations established." is not an act
    if re.search(r"terminat|abrogat|denounc|expir", low) and "relations" not in low:
        return ""  # a treaty's end is no act of the vocabulary
    if re.search(r"\b(?:treaty|convention|compact|protocol|arrangement)\b", low) or low.startswith(
        ("declaration of accession", "additional article")
    ):
        return "" if "establish" in low and relations else "treaty-signed"
    if re.search(r"\bagreement\b", low) and not relations:
        return "agreement-signed"
    if "recogni" in low:
        return "recognition"
    if "ambassadorial" in low:
        return ""  # a change of rank, not relations established or restored
    if relations and re.search(r"re-?establish|reestablish|resum|restor|normaliz|renew", low):
        return "relations-resumed"
    if relations and re.search(r"sever|cessation|terminat|ended|broken|break|disrupt", low):
        return "relations-severed"
    if relations and re.search(r"interrupt|suspen", low):
        return "relations-suspended"
    if relations and "establish" in low:
        return "relations-established"
    return _posts(low)


def _posts(low: str) -> str:
    if "legation" in low and re.search(r"elevat|raised|upgrad", low) and "embass" in low:
        return "legation-elevated"
    if "consulate" in low and re.search(r"elevat|raised|upgrad", low) and "embass" in low:
        return "embassy-opened"  # a consulate raised to an embassy: the embassy opens
    if "liaison" in low or "interest" in low or "consulate general" in low:
        return ""
    for post in ("legation", "embassy", "consulate"):
        if post not in low and not (post == "consulate" and re.search(r"\bconsul\b", low)):
            continue
        if re.search(r"clos|withdr|suspen", low):
            return f"{post}-closed"
        if re.search(r"establish|open|re-?open|reestablish", low):  # not a move or a return
            return f"{post}-opened" if post != "embassy" or "moved" not in low else ""
    if "changed" in low or "resident" in low:
        return ""
    if re.search(r"accredit", low) and re.search(r"ambassador|minister", low):
        return "envoy-accredited"
    if re.search(r"appointment of (?:the )?first", low):
        return "envoy-appointed"
    return ""


def classify(heading: str) -> list[Act]:
    """Every act of the closed vocabulary the heading names, in its order."""
    acts: list[Act] = []
    for clause in clauses(heading):
        kind = _rules(clause)
        if not kind or any(act.kind == kind for act in acts):
            continue
        sender = ""
        if kind.split("-")[0] in ("legation", "embassy", "consulate", "envoy"):
            sender = "us" if _AMERICAN.search(clause) else "them" if _THEIRS.search(clause) else ""
        recognizer = ""
        if kind == "recognition":
            recognizer = _recognizer(clause)
        acts.append(Act(kind, clause, sender, recognizer))
    return acts


def _recognizer(clause: str) -> str:
    low = clause.lower()
    if low.startswith("mutual"):
        return "mutual"
    if re.match(r"(?:the\s+)?(?:u\.s\.|united states|american)\s+recogni", low):
        return "us"
    if re.search(r"recognition of (?:the )?(?:united states|u\.s\.)", low):
        return "them"
    return ""
