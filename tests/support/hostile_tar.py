"""Hand-made tar archives that attack a reader: headers written byte by byte, because no tar tool
writes a 1 GiB sparse member into 4 KB on purpose. Each archive starts with the honest manifest
and signature members, so only the third member is hostile (a reader must refuse it without
first allocating what its header claims)."""

from __future__ import annotations

GIB = 1 << 30
USTAR = b"ustar\x0000"
GNU = b"ustar  \x00"


def _octal(value: int, width: int) -> bytes:
    return f"{value:0{width - 1}o}".encode() + b"\x00"


def header(name: bytes, size: int, kind: bytes = b"0", magic: bytes = USTAR,
           extra: dict[int, bytes] | None = None) -> bytes:
    """One 512-byte header with a correct checksum; ``extra`` writes raw bytes at offsets."""
    block = bytearray(512)
    block[0 : len(name[:100])] = name[:100]
    block[100:108] = _octal(0o644, 8)
    block[108:116] = _octal(0, 8)
    block[116:124] = _octal(0, 8)
    block[124:136] = _octal(size, 12) if size < 8**11 else b"\x80" + size.to_bytes(11, "big")
    block[136:148] = _octal(0, 12)
    block[156:157] = kind
    block[257:265] = magic
    for offset, raw in (extra or {}).items():
        block[offset : offset + len(raw)] = raw
    block[148:156] = b" " * 8
    block[148:156] = f"{sum(block):06o}".encode() + b"\x00 "
    return bytes(block)


def member(name: bytes, content: bytes, kind: bytes = b"0", magic: bytes = USTAR,
           size: int | None = None, extra: dict[int, bytes] | None = None) -> bytes:
    """A header and its content padded to whole blocks; ``size`` may lie about the content."""
    claimed = len(content) if size is None else size
    padded = content + bytes(-len(content) % 512)
    return header(name, claimed, kind, magic, extra) + padded


def pax_record(key: str, value: str) -> bytes:
    body = f" {key}={value}\n".encode()
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length += 1
    return str(length).encode() + body


def honest_start() -> bytes:
    return member(b"manifest.json", b'{"a":1}') + member(b"manifest.json.minisig", b"sig\n")


def end() -> bytes:
    return bytes(1024)


def gnu_sparse(real_size: int = GIB) -> bytes:
    """GNU 'S' member: 512 bytes stored, ``real_size`` claimed (tarfile's isreg() is true)."""
    sparse_map = _octal(real_size - 512, 12) + _octal(512, 12)
    extra = {386: sparse_map, 483: _octal(real_size, 12)}
    return honest_start() + member(b"payload.json", b"x" * 512, b"S", GNU, extra=extra) + end()


def pax_sparse(real_size: int = GIB) -> bytes:
    """pax 0.1 sparse: a regular '0' member whose pax record turns it into a huge sparse file."""
    records = (pax_record("GNU.sparse.size", str(real_size))
               + pax_record("GNU.sparse.numblocks", "1")
               + pax_record("GNU.sparse.offset", str(real_size - 512))
               + pax_record("GNU.sparse.numbytes", "512"))
    return (honest_start() + member(b"PaxHeaders/payload.json", records, b"x")
            + member(b"payload.json", b"x" * 512) + end())


def pax_huge_size(real_size: int = GIB) -> bytes:
    """A pax record overriding the member's size with a huge one."""
    records = pax_record("size", str(real_size))
    return (honest_start() + member(b"PaxHeaders/payload.json", records, b"x")
            + member(b"payload.json", b"x" * 512) + end())


def pax_huge_record() -> bytes:
    """A pax record whose header claims 1 GiB of keywords."""
    return (honest_start() + member(b"PaxHeaders/payload.json", b"", b"x", size=GIB)
            + member(b"payload.json", b"{}") + end())


def huge_header_size() -> bytes:
    """A regular member whose header claims 1 GiB (base-256) with 512 bytes behind it."""
    return honest_start() + member(b"payload.json", b"x" * 512, size=GIB) + end()


def long_name(size: int = GIB) -> bytes:
    """A GNU long-name ('L') record claiming ``size`` bytes of name."""
    return (honest_start() + member(b"././@LongLink", b"payload.json\x00", b"L", GNU, size=size)
            + member(b"payload.json", b"{}", magic=GNU) + end())


def global_pax() -> bytes:
    return (honest_start() + member(b"pax_global_header", pax_record("comment", "x"), b"g")
            + member(b"payload.json", b"{}") + end())


def symlink() -> bytes:
    return honest_start() + member(b"payload.json", b"", b"2",
                                   extra={157: b"/etc/passwd"}) + end()


def trailing_garbage() -> bytes:
    return honest_start() + member(b"payload.json", b"{}") + end() + b"garbage"


HOSTILE = {
    "gnu_sparse": gnu_sparse,
    "pax_sparse": pax_sparse,
    "pax_huge_size": pax_huge_size,
    "pax_huge_record": pax_huge_record,
    "huge_header_size": huge_header_size,
    "long_name": long_name,
    "global_pax": global_pax,
    "symlink": symlink,
    "trailing_garbage": trailing_garbage,
}
