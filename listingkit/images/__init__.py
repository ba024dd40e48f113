"""The image pipeline: presets from marketplace specs, naming, manifest, batch runner, checks.

No module here imports Pillow; pixels go through :mod:`listingkit.imaging`.
"""
