"""What the stages share: dead-letter and skipped outputs, windows, spilling, the tally.

Stage modules (``pipelines.transforms.feeds``, ``fetch`` …) import from here and from
``pipelines.core``, never from each other; the launcher imports a stage module's ``__all__``
and the public names of these modules.
"""
