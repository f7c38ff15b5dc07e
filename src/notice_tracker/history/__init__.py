"""The only place that runs git: data as committed, field-level changes, the audit trail."""
