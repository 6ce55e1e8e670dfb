"""Same as ``wirestream``: ``python -m pipelines.news_ingest run --feed FEED --output out/run``."""

import sys

from pipelines.news_ingest.main import main

if __name__ == "__main__":
    sys.exit(main())
