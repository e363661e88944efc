"""The Abwägungstabelle as one accessible PDF: set with Typst (tagged, PDF/UA-1, document language German, the
header row marked as table headers), in parts of PART statements, joined into one document with its structure tree.

Why Typst and parts (docs/performance.md): WeasyPrint took ~23 ms of CPU per statement, Typst ~1 ms; but Typst holds
the whole layout until it writes, ~0.15 MB per statement. Parts keep the memory bounded by one part whatever the
procedure's size. Joining with pypdf loses the structure tree and the language (its writer keeps neither), so the
parts are joined here with pikepdf (qpdf), which copies the tagged content and its structure elements as they are;
the parent tree and the element ids are renumbered so that every part's tags stay attached to its pages.
"""

import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pikepdf
import typst

TEMPLATE = Path(__file__).parent / "typst" / "abwaegung.typ"
PART = 1000
PART_TIMEOUT = 600  # seconds for one part; a few on an idle machine


def render_part(*, rows: list[list[str]], context: dict, first: bool, first_page: int) -> bytes:
    """One part, a complete tagged PDF/UA-1 (the first has the title, the note and the caption), set in a child
    process: Typst keeps its memoised layout for the life of the process (~0.13 MB per statement, no way to drop
    it from Python), so a child per part is what bounds the memory."""
    data = json.dumps({**context, "rows": rows, "first": first, "first_page": first_page}).encode()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as target:
        child = subprocess.run([sys.executable, "-m", "bauleitplanung.tablepdf", target.name], input=data,  # noqa: S603
                               cwd=Path(__file__).parent.parent, capture_output=True, timeout=PART_TIMEOUT)  # fmt: skip
        if child.returncode:
            raise RuntimeError(f"Typst: {child.stderr.decode(errors='replace')[-1000:]}")
        return Path(target.name).read_bytes()


def _compile(data: bytes) -> bytes:
    return typst.compile(str(TEMPLATE), root=str(TEMPLATE.parent), sys_inputs={"data": data.decode()},
                         pdf_standards=["ua-1"])  # fmt: skip


def render(*, rows: Iterable[list[str]], context: dict, progress: Callable[[int], None] | None = None) -> bytes:
    """The whole table as one PDF; `progress(rows_done)` after each part. The parts wait on disk until they are
    joined, so memory holds one part's layout, then the joined document's objects (qpdf reads streams lazily)."""
    with tempfile.TemporaryDirectory(prefix="abwaegung-") as folder:
        files = []
        pages = 0
        done = 0
        for n, chunk in enumerate(_chunks(rows, PART)):
            content = render_part(rows=chunk, context=context, first=n == 0, first_page=pages + 1)
            files.append(Path(folder) / f"{n:04d}.pdf")
            files[-1].write_bytes(content)
            pages += page_count(content)
            done += len(chunk)
            del content
            if progress:
                progress(done)
        if not files:
            return render_part(rows=[], context=context, first=True, first_page=1)
        if len(files) == 1:
            return files[0].read_bytes()
        parts = [pikepdf.open(file) for file in files]
        try:
            joined = parts[0]
            for other in parts[1:]:
                _append(joined, other)
            out = io.BytesIO()
            joined.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        finally:
            for opened in parts:
                opened.close()
        return out.getvalue()


def page_count(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def _chunks(rows: Iterable[list[str]], size: int) -> Iterator[list[list[str]]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _append(joined: pikepdf.Pdf, part: pikepdf.Pdf) -> None:
    """Append the part's pages and hang its structure elements under the joined document's root element."""
    tree = joined.Root.StructTreeRoot
    offset = int(tree.ParentTreeNextKey)
    prefix = f"T{offset}-"
    part_tree = part.Root.StructTreeRoot
    _rename_ids(part_tree.K, prefix)
    for page in part.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    joined.pages.extend(part.pages)
    # qpdf maps each foreign object once per source: the copied elements point at the pages copied above.
    document = _document(tree)
    for kid in _array(_document(part_tree).K):
        copied = joined.copy_foreign(kid)
        copied.P = document
        document.K.append(copied)
    if "/Nums" not in tree.ParentTree:  # flattened once: the joined tree is written as one /Nums array
        tree.ParentTree = pikepdf.Dictionary(
            Nums=pikepdf.Array([x for k, v in _number_tree(tree.ParentTree) for x in (k, v)])
        )
    nums = tree.ParentTree.Nums
    for key, value in _number_tree(part_tree.ParentTree):
        nums.append(key + offset)
        nums.append(joined.copy_foreign(value))
    tree.ParentTreeNextKey = offset + int(part_tree.ParentTreeNextKey)
    if "/IDTree" in part_tree:
        pairs = list(_name_tree(tree.IDTree)) if "/IDTree" in tree else []
        pairs += [(prefix + k, joined.copy_foreign(v)) for k, v in _name_tree(part_tree.IDTree)]
        pairs.sort(key=lambda pair: pair[0].encode())  # a name tree is sorted by its keys' bytes
        tree.IDTree = pikepdf.Dictionary(Names=pikepdf.Array([x for k, v in pairs for x in (pikepdf.String(k), v)]))


def _document(tree: pikepdf.Object) -> pikepdf.Object:
    """The root structure element (Typst writes one /Document element); made an array of kids if it is one."""
    document = _array(tree.K)[0]
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    return document


def _array(value) -> list:
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _name_tree(node) -> Iterator[tuple[str, pikepdf.Object]]:
    return ((str(key), value) for key, value in _tree_leaves(node, "/Names"))


def _number_tree(node) -> Iterator[tuple[int, pikepdf.Object]]:
    return ((int(key), value) for key, value in _tree_leaves(node, "/Nums"))


def _tree_leaves(node, leaves: str) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    """The key-value pairs of a PDF name tree (leaves "/Names") or number tree ("/Nums"): the same structure of
    /Kids with flat [key value key value ...] arrays at the leaves (PDF 32000-1, 7.9.6 and 7.9.7)."""
    if leaves in node:
        items = list(node[leaves])
        yield from zip(items[::2], items[1::2], strict=True)
    for kid in node.get("/Kids", []):
        yield from _tree_leaves(kid, leaves)


def _rename_ids(element, prefix: str) -> None:
    """Prefix the part's element ids (/ID) and the header references of its cells (/Headers), which repeat in
    every part, so that each cell still names the headers of its own part's table."""
    stack = _array(element)
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") not in (None, "/StructElem"):
            continue
        if "/ID" in node:
            node.ID = pikepdf.String(prefix + str(node.ID))
        for attributes in _array(node.get("/A", [])):
            if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
                attributes.Headers = pikepdf.Array([pikepdf.String(prefix + str(h)) for h in attributes.Headers])
        stack.extend(kid for kid in _array(node.get("/K", [])) if isinstance(kid, pikepdf.Dictionary))


if __name__ == "__main__":  # the child of render_part: JSON on stdin, the PDF into the file named
    Path(sys.argv[1]).write_bytes(_compile(sys.stdin.buffer.read()))
