"""`python -m nianbao.replicas`: serve the replicas on loopback until interrupted, e.g. to point a browser at them.

    python -m nianbao.replicas --port 8089 --manifest /tmp/manifest.json
    chromium --proxy-server=http://127.0.0.1:8089 http://www.wenshang.gov.cn/
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys

from nianbao.replicas.server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nianbao.replicas", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: any free port)")
    parser.add_argument("--seed", type=int, default=2026, help="the seed the replicas' content is drawn from")
    parser.add_argument(
        "--no-challenge", action="store_true", help="serve the 西工 column without the 瑞数-style check"
    )
    parser.add_argument(
        "--siblings", action="store_true", help="also serve the sibling portals (嘉祥, 峄城, 老城; replicas/README.md)"
    )
    parser.add_argument(
        "--generated", type=int, metavar="N", help="serve a generated world of N synthetic portals instead (issue 16)"
    )
    parser.add_argument("--world-seed", type=int, default=None, help="the generated world's seed (default: a dev seed)")
    parser.add_argument("--manifest", metavar="FILE", help="write the manifest (every report held) as JSON")
    parser.add_argument("--cache-dir", metavar="DIR", help="where rendered attachments are cached")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.generated:
        from nianbao.replicas.generated import DEV_SEEDS, GeneratedWorld

        seed = DEV_SEEDS[0] if args.world_seed is None else args.world_seed
        world = GeneratedWorld(portals=args.generated, world_seed=seed, cache_dir=args.cache_dir)
        server = ReplicaServer(port=args.port, world=world)  # type: ignore[arg-type]
    else:
        server = ReplicaServer(
            port=args.port, seed=args.seed, challenge=not args.no_challenge, cache_dir=args.cache_dir,
            siblings=args.siblings,
        )
    if args.manifest:
        server.world.dump_manifest(args.manifest)
        print(f"manifest: {len(server.manifest())} reports -> {args.manifest}", file=sys.stderr)
    print(f"http_proxy={server.proxy_url}", flush=True)
    print("hosts: " + " ".join(server.world.hosts), file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
