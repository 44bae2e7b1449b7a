"""What the source scans in this directory share: where a block comment that starts at an index
ends, in languages whose block comments nest (Kotlin, Swift, Rust)."""


def block_comment_end(text, i):
    """The index just past the block comment that starts with `/*` at `i`, counting the comments
    nested inside it; the end of `text` if it never closes."""
    depth, j, n = 0, i, len(text)
    while j < n:
        if text.startswith("/*", j):
            depth, j = depth + 1, j + 2
        elif text.startswith("*/", j):
            depth, j = depth - 1, j + 2
            if depth == 0:
                break
        else:
            j += 1
    return j
