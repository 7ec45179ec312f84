"""Serve the chat page: `python app.py [--host H] [--port P] [--auth user:pass] [--share]`.

The same as `qa serve`; the page itself is built by `qa.web`.
"""

import sys

from qa.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
