"""Function words that tell the Latin-script languages of the identifier's set apart.

:func:`~newscrawl.normalize.language.script_language` names English, German, French or
Spanish without the statistical detector when a text is full of one language's function
words and nearly free of the others'. Each list holds only words the other languages in
:data:`~newscrawl.normalize.language.LANGUAGES` (and their close neighbours outside it,
Dutch, Scandinavian, Italian, Portuguese) rarely write as words: German "die", "es" and
"den", French "la", "il" and "que", Spanish "de", "en" and "del" are left out on purpose,
because Dutch, Spanish, Italian or Portuguese text is full of them too.
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH: Final = _words(
    """
    the of and to for on that with by as at from is was are were be been has have had it its
    this which who will would their they he she his her an or not said but after also than
    into about
    """
)
GERMAN: Final = _words(
    """
    und der das nicht ist mit sich auf für dem ein eine einen einem einer eines auch wird
    wurde werden dass zu im von bei nach über aus sind noch wie oder aber zum zur vor durch
    sie sein seine ihre ihr ich wir uns kann können mehr nur schon sehr beim vom seit gegen
    unter zwischen wenn weil doch haben waren wurden diese dieser dieses soll muss
    """
)
FRENCH: Final = _words(
    """
    les des du et est une dans pour qui au aux sur pas avec cette ces sont ont elle ils nous
    vous leur leurs mais été être fait sa ses aussi selon après depuis lors dont où déjà très
    """
)
SPANISH: Final = _words(
    """
    el los las y al su sus más pero fue han también hasta cuando muy sin ya hay desde está
    porque
    """
)

#: ISO 639-1 code and function words of each language decided this way.
BY_LANGUAGE: Final = (("en", ENGLISH), ("de", GERMAN), ("fr", FRENCH), ("es", SPANISH))
