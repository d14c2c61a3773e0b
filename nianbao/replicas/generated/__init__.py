"""Generated worlds of synthetic county portals (issue 16): hundreds of portals over nine platform families,
each randomised in depth, naming, paging, list drawing, encodings, attachments, report years and noise, with a
manifest of every report and decoy — to measure discovery from home pages alone. See replicas/README.md."""

from nianbao.replicas.generated.world import DEV_SEEDS, HELDOUT_SEEDS, GeneratedWorld

__all__ = ["DEV_SEEDS", "HELDOUT_SEEDS", "GeneratedWorld"]
