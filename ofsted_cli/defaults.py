"""Every default the library and the CLI share, defined once (imported by the CLI at start-up,
so this module imports nothing)."""
TIMEOUT = 120.0                  # seconds of wall and CPU time per report (0: none)
MAX_MEMORY = 2048                # MB of address space a worker may add per report (0: none)
MAX_PAGES = 2000                 # pages a PDF may have
MAX_BYTES = 200 * 1024 * 1024    # bytes a file (or standard input) may have
GLOBS = ("*.pdf", "*.PDF", "*.txt")  # files a folder is searched for
GRADES_PAGES = 3                 # `ofsted grades` reads these first pages, the rest only where needed
LOCK_WAIT = 10.0                 # seconds export waits for a database another program holds
REQUEST_TIMEOUT = 30.0           # seconds fetch allows one request of Ofsted's site
RATE = 1.0                       # requests a second fetch makes of Ofsted's site
RETRIES = 4                      # tries fetch makes again after a 429, a 5xx or a dropped connection
