#!/usr/bin/env python3
"""Writes a deterministic tree of mixed files for the image-build benchmark.

Usage: image-tree.py DIR [FILES] [TOTAL_MIB]   (defaults: 12000 files, 300 MiB)

The same arguments always give the same names, sizes and bytes. Most files are
small, some medium, a few large, spread over nested directories, with a few
symlinks and executables, like a real root file system.
"""
import os
import random
import sys


def sizes(count, total, rng):
    # 70% small (64 B - 8 KiB), 25% medium (8 - 256 KiB), 5% large (weights).
    raw = []
    for i in range(count):
        r = rng.random()
        if r < 0.70:
            raw.append(rng.randint(64, 8 * 1024))
        elif r < 0.95:
            raw.append(rng.randint(8 * 1024, 256 * 1024))
        else:
            raw.append(rng.randint(256 * 1024, 4 * 1024 * 1024))
    scale = total / sum(raw)
    out = [max(1, int(s * scale)) for s in raw]
    out[-1] += total - sum(out)
    return out


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
    total = (int(sys.argv[3]) if len(sys.argv) > 3 else 300) * 1024 * 1024
    rng = random.Random(20240501)
    block = rng.randbytes(8 * 1024 * 1024)
    dirs = [f"d{a:02d}/s{b:02d}" for a in range(24) for b in range(20)]
    for i, size in enumerate(sizes(count, total, rng)):
        d = os.path.join(root, dirs[i % len(dirs)])
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"f{i:05d}.bin")
        off = rng.randrange(0, len(block) - 1)
        with open(path, "wb") as f:
            left = size
            while left > 0:
                chunk = block[off:off + left]
                f.write(chunk)
                left -= len(chunk)
                off = 0
        if i % 97 == 0:
            os.chmod(path, 0o755)
        if i % 500 == 0:
            os.symlink(f"f{i:05d}.bin", os.path.join(d, f"link{i:05d}"))


if __name__ == "__main__":
    main()
