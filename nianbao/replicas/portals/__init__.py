"""One module per platform: how that platform lays out columns, lists, articles and attachments."""
