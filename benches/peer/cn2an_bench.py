"""Times cn2an.transform(text, "cn2an") over the .txt files of a directory (see cn2an.sh)."""

import pathlib
import sys
import time
import warnings

import cn2an


def decode(raw: bytes) -> str:
    """The encodings minsheng's synth writes: UTF-16LE with a BOM, UTF-8, GBK, Big5."""
    if raw[:2] == b"\xff\xfe":
        return raw[2:].decode("utf-16-le")
    for enc in ("utf-8", "gbk", "big5hkscs"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("gb18030", errors="replace")


def main() -> None:
    # cn2an warns on every fragment it cannot read (万, 十五五): not our concern here.
    warnings.simplefilter("ignore")
    root = pathlib.Path(sys.argv[1])
    max_bytes = float(sys.argv[2]) * 1e6 if len(sys.argv) > 2 else 0
    texts, total = [], 0
    for path in sorted(root.rglob("*.txt")):
        raw = path.read_bytes()
        texts.append(decode(raw))
        total += len(raw)
        if max_bytes and total >= max_bytes:
            break
    start = time.perf_counter()
    failed = 0
    for text in texts:
        try:
            cn2an.transform(text, "cn2an")
        except Exception:  # cn2an raises on some numerals it cannot parse
            failed += 1
    wall = time.perf_counter() - start
    print(
        f"cn2an {cn2an.__version__}: {len(texts)} files, {total / 1e6:.1f} MB in {wall:.2f} s"
        f" = {total / 1e6 / wall:.2f} MB/s (one thread; {failed} files raised)"
    )


if __name__ == "__main__":
    main()
