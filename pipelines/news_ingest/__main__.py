"""``python -m pipelines.news_ingest run --feed FEED --output out/run`` — same as ``wirestream``."""

import sys

from pipelines.news_ingest.main import main

if __name__ == "__main__":
    sys.exit(main())
