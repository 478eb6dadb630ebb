"""One module per subcommand; each defines `command`. Shared options live in `options`."""
