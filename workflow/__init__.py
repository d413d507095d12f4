"""The editors' desk: review before publishing, history with diff and restore, timeliness.

Knows no domain model: a domain app's admin wires its publishable models in by deriving from
`workflow.admin.ReviewedAdmin`, which registers the model here (a `publish_<model>` permission
held by 审核, the review states in its form and actions, its history under django-reversion).
"""
