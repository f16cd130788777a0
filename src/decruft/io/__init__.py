"""Input and output: reading crawl records, writing cleaned pages and rejects."""

from decruft.io.readers import MAX_RECORD_BYTES, read_inputs
from decruft.io.writers import OutputWriter, safe_file_name

__all__ = ["MAX_RECORD_BYTES", "OutputWriter", "read_inputs", "safe_file_name"]
