"""Every way data leaves the tracker: one module per format, all streaming."""
