"""Charset labels as mailers write them, and decoding that never raises."""

from __future__ import annotations

import codecs

# Labels that mailers use for a subset of what they actually send.
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "iso-2022-jp": "iso2022_jp_2",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "us-ascii": "",
    "ascii": "",
    "ansi_x3.4-1968": "",
    "utf8": "utf-8",
    # UTF-7 under the names of the IANA registry and of .NET mailers.
    "csutf7": "utf-7",
    "unicode-1-1-utf-7": "utf-7",
    "unicode-2-0-utf-7": "utf-7",
    "x-unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "csunicode11utf7": "utf-7",
}
_codec_cache: dict[str, str | None] = {}


def _codec(label: str) -> str | None:
    """The Python codec for a charset label; "" for ASCII, None when unknown."""
    if label in _codec_cache:
        return _codec_cache[label]
    name = _CHARSET_SUPERSETS.get(label, label)
    resolved: str | None = name
    if name:
        try:
            info = codecs.lookup(name)
        except (LookupError, ValueError):
            # x-mac-cyrillic and the like: Python knows them without the x-.
            x_name = name.startswith("x-") and len(name) > 2
            resolved = _codec(name[2:]) if x_name else None
        else:
            # Binary codecs (base64, zlib, rot13 …) are not charsets.
            resolved = name if getattr(info, "_is_text_encoding", True) else None
    if len(_codec_cache) < 512:
        _codec_cache[label] = resolved
    return resolved


def _decode_bytes(data: bytes, charset: str, defects: list[str], where: str) -> str:
    """Decode ``data`` declared as ``charset``, best effort, noting any defect."""
    label = charset.strip().strip("\"'").lower()
    codec = _codec(label)
    if codec == "":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            defects.append(f"8-bit text without a charset in {where}")
            return data.decode("cp1252", "replace")
    if codec is None:
        defects.append(f"unknown charset {label!r} in {where}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")
    try:
        return data.decode(codec)
    except UnicodeError:
        defects.append(f"undecodable bytes in {where} (charset {label!r})")
        try:
            return data.decode(codec, "replace")
        except UnicodeError:
            return data.decode("utf-8", "replace")


def _scrub(text: str) -> str:
    """Drop NUL and lone surrogates, which neither JSON output nor PostgreSQL take."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text
