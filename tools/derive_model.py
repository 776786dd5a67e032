"""Derive kzfacts' semantic model file from the WordLlama wheel: python tools/derive_model.py WHEEL_OR_DIR OUT.

The file holds what `kzfacts.engine.semantic` needs at build time, readable without numpy or tokenizers:
the Llama 2 token strings and BPE merges of WordLlama's l2_supercat tokenizer, and its 256-dimensional token
vectors quantised to int8 with one scale per token. Run it with numpy, safetensors and tokenizers installed;
`pip download --no-deps wordllama` gets the wheel (MIT licence; tests/test_semantic.py checks kzfacts'
pure-Python tokenizer on words whose real tokens are recorded there).
"""

from __future__ import annotations

import json
import sys
import zipfile
import zlib
from array import array
from pathlib import Path

import numpy as np
from safetensors.numpy import load
from tokenizers import Tokenizer

WEIGHTS = "wordllama/weights/l2_supercat_256.safetensors"
TOKENIZER = "wordllama/tokenizers/l2_supercat_tokenizer_config.json"
MAGIC = b"KZWL1\n"


def _read(source: Path, name: str) -> bytes:
    if source.is_dir():
        return (source / name).read_bytes()
    with zipfile.ZipFile(source) as wheel:
        return wheel.read(name)


def main(source: Path, out: Path) -> None:
    """Write the model file derived from the wheel (or an unpacked site-packages directory)."""
    vectors = next(iter(load(_read(source, WEIGHTS)).values())).astype(np.float32)
    config = json.loads(_read(source, TOKENIZER))
    tokenizer = Tokenizer.from_str(json.dumps(config))
    vocab: dict[str, int] = config["model"]["vocab"]
    tokens = [""] * len(vocab)
    for token, number in vocab.items():
        tokens[number] = token
    if any("\n" in token for token in tokens):
        raise ValueError("a token has a newline: the token section cannot be newline-separated")
    if float(np.abs(vectors).max()) >= 16:  # noqa: PLR2004 - kzfacts packs vectors in fixed-point lanes of ±16
        raise ValueError("a vector component is too large for kzfacts' fixed-point sums")
    merges = array("H")
    for merge in config["model"]["merges"]:
        left, right = merge.split(" ") if isinstance(merge, str) else merge
        merges.extend((vocab[left], vocab[right]))
    for word in (
        "pipeline",
        "Tokayev",
        "Нур-Султан",
        "新疆",
        "1,108",
    ):  # what kzfacts' own tokenizer is checked against
        print(word, tokenizer.encode(word, add_special_tokens=False).tokens)
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.round(vectors / scales[:, None]).astype(np.int8)
    sections = [
        "\n".join(tokens).encode("utf-8"),
        merges.tobytes(),
        array("f", scales.tolist()).tobytes(),
        quantised.tobytes(),
    ]
    header = {
        "model": "wordllama l2_supercat 256 (int8)",
        "source": "WordLlama 0.4.0.post1 (MIT licence, Lee Miller): weights/l2_supercat_256.safetensors",
        "dims": int(vectors.shape[1]),
        "tokens": len(tokens),
        "sections": [len(section) for section in sections],
    }
    body = MAGIC + json.dumps(header).encode() + b"\n" + b"".join(sections)
    out.write_bytes(zlib.compress(body, 9))
    print(f"{out}: {out.stat().st_size:,} bytes, {len(tokens)} tokens, {len(merges) // 2} merges")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
