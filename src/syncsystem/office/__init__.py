"""The office's own web application: pages over the same stores as the CLI (see `office.app`)."""
