"""Hidden text: text a PDF carries but a reader never sees, left out of the index.

Why: white-on-white text, invisible text (render mode 3), text in a font under
1 pt and text placed outside the page box are exactly what a careless redaction
or a keyword-stuffed export leaves behind. Indexed, it is quoted in answers as if
it were printed on the page (issue 13). We walk each page's content stream once,
tracking the graphics state, and drop the text-showing operators a reader cannot
see; pypdf then extracts the rest from the same parsed stream, so a page with
nothing hidden costs no second parse.

"Background" is the fill colour of the last rectangle painted under the text's
origin, or white (the paper); under an image it is unknown, so text there is kept.

Form XObjects (content drawn by ``Do``, as some producers draw whole pages) are walked
where they are drawn, in the state they inherit; a form that hides text is read through
a visible copy, swapped into the page's resources only while the shown text is extracted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_FILL_PAINT = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_PATH_END = _FILL_PAINT | {b"n", b"S", b"s"}
_PATH_POINTS = {b"m", b"l", b"c", b"v", b"y"}
_INVISIBLE_MODES = {3, 7}  # neither fill nor stroke (7 only adds to the clip path)
_MIN_SIZE_PT = 1.0
_WHITE = (1.0, 1.0, 1.0)
_COLOUR_TOLERANCE = 0.02
_BOX_TOLERANCE = 1.0  # points

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF row-vector convention (apply m first, then n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _nums(operands, k: int | None = None) -> list[float] | None:
    try:
        vals = [float(x) for x in operands]
    except (TypeError, ValueError):
        return None
    return vals if k is None or len(vals) == k else None


def _to_rgb(vals: list[float] | None) -> tuple[float, float, float] | None:
    """Grey, RGB or CMYK operands as RGB; anything else (patterns, spot colours) as unknown."""
    if not vals:
        return None
    if len(vals) == 1:
        return (vals[0],) * 3
    if len(vals) == 3:
        return tuple(vals)  # type: ignore[return-value]
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[float, float, float] | None = (0.0, 0.0, 0.0)
    mode: int = 0
    size: float = 0.0
    leading: float = 0.0


@dataclass
class _Walker:
    """Graphics and text state along one content stream."""

    box: tuple[float, float, float, float]
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    pending: list[tuple[float, float, float, float]] = field(default_factory=list)
    painted: list[tuple[tuple[float, float, float, float], tuple | None]] = field(default_factory=list)

    def step(self, op: bytes, args) -> None:
        st = self.state
        if op == b"q":
            self.stack.append(_State(st.ctm, st.fill, st.mode, st.size, st.leading))
        elif op == b"Q":
            if self.stack:
                self.state = self.stack.pop()
        elif op == b"cm" and (m := _nums(args, 6)):
            st.ctm = _mul(tuple(m), st.ctm)  # type: ignore[arg-type]
        elif op in (b"g", b"rg", b"k", b"sc", b"scn"):
            st.fill = _to_rgb(_nums(args))
        elif op == b"cs":
            st.fill = (0.0, 0.0, 0.0)
        elif op == b"re" and (r := _nums(args, 4)):
            self.pending.append(self._device_box([(r[0], r[1]), (r[0] + r[2], r[1] + r[3])]))
        elif op in _PATH_POINTS and (r := _nums(args)) and len(r) % 2 == 0:
            box = self._device_box(list(zip(r[::2], r[1::2])))
            if op == b"m" or not self.pending:
                self.pending.append(box)
            else:  # a subpath's extent grows with each segment
                b = self.pending[-1]
                self.pending[-1] = (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3]))
        elif op == b"Do":  # an image (drawn in the unit square) under the text: its colour is unknown
            self.paint_unknown([(0.0, 0.0), (1.0, 1.0)])
        elif op in _PATH_END:
            if op in _FILL_PAINT:
                self.painted.extend((rect, st.fill) for rect in self.pending)
            self.pending = []
        elif op == b"BT":
            self.tm = self.tlm = IDENTITY
        elif op == b"Tm" and (m := _nums(args, 6)):
            self.tm = self.tlm = tuple(m)  # type: ignore[assignment]
        elif op in (b"Td", b"TD") and (t := _nums(args, 2)):
            if op == b"TD":
                st.leading = -t[1]
            self._move(t[0], t[1])
        elif op == b"T*" or op in (b"'", b'"'):
            self._move(0.0, -st.leading)
        elif op == b"TL" and (t := _nums(args, 1)):
            st.leading = t[0]
        elif op == b"Tf" and len(args) >= 2 and (t := _nums(args[1:2], 1)):
            st.size = t[0]
        elif op == b"Tr" and (t := _nums(args, 1)):
            st.mode = int(t[0])

    def paint_unknown(self, corners: list[tuple[float, float]]) -> None:
        """Something of unknown colour painted over these user-space points (an image, a form)."""
        self.painted.append((self._device_box(corners), None))

    def _move(self, tx: float, ty: float) -> None:
        self.tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def _device_box(self, corners: list[tuple[float, float]]) -> tuple[float, float, float, float]:
        """Device-space bounding box of user-space points (a rectangle's two corners, a path's points)."""
        xs0, ys0 = [p[0] for p in corners], [p[1] for p in corners]
        box = [(min(xs0), min(ys0)), (max(xs0), min(ys0)), (min(xs0), max(ys0)), (max(xs0), max(ys0))]
        pts = [_apply(self.state.ctm, px, py) for px, py in box]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))

    def hidden_reason(self) -> str | None:
        """Why the text about to be shown cannot be seen, or None.

        Invisible text over an image is kept: that is how a searchable scan carries its
        OCR layer (the words the picture shows), and dropping it sent every such scan
        to OCR again, or failed it when Tesseract was missing."""
        st = self.state
        m = _mul(self.tm, st.ctm)
        if abs(st.size) * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) < _MIN_SIZE_PT:
            return "font under 1 pt"
        x, y = m[4], m[5]
        x0, y0, x1, y1 = self.box
        t = _BOX_TOLERANCE
        if not (x0 - t <= x <= x1 + t and y0 - t <= y <= y1 + t):
            return "outside the page box"
        background = self._background(x, y)
        if st.mode in _INVISIBLE_MODES:
            return "invisible render mode" if background is not None else None
        if st.fill is not None and _same(st.fill, background):
            return "same colour as the background"
        return None

    def _background(self, x: float, y: float):
        for (x0, y0, x1, y1), colour in reversed(self.painted):
            if x0 <= x <= x1 and y0 <= y <= y1:
                return colour
        return _WHITE


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _same(a, b) -> bool:
    return b is not None and all(abs(p - q) <= _COLOUR_TOLERANCE for p, q in zip(a, b))


_MAX_FORM_DEPTH = 8  # forms drawing forms; deeper (or cyclic) ones are treated as images


@dataclass
class _Forms:
    """The form XObjects met on one page: each parsed once (and left parsed in the resources,
    so pypdf's extraction reuses it), and those that hide text with their visible version."""

    reader: object
    edits: dict = field(default_factory=dict)  # id(form) -> (its /XObject dict, name, visible copy)
    active: set = field(default_factory=set)  # forms being walked (a form drawing itself is a cycle)

    def resolve(self, resources, name):
        """The form ``name`` of ``resources``: a parsed stream with its dictionary when it shows
        text, else its unparsed stream (pypdf does not read it either); None for an image or a
        missing name."""
        from pypdf.generic import ContentStream, NameObject

        try:
            xobjects = resources.get_object()["/XObject"].get_object()
            obj = xobjects[name].get_object()
        except (KeyError, TypeError, AttributeError):
            return None
        if getattr(obj, "get", None) is None or obj.get("/Subtype") != "/Form":
            return None
        if isinstance(obj, ContentStream):
            return obj
        try:
            if b"BT" not in (obj.get_data() or b""):
                return obj
            form = ContentStream(obj, self.reader, "bytes")
            _ = form.operations  # parsed here: a broken form is skipped, as pypdf's extraction skips it
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - and never costs the page the rest of its text
            return obj
        for key, value in obj.items():
            if key not in ("/Length", "/Filter", "/DecodeParms"):
                form[NameObject(key)] = value
        xobjects[NameObject(name)] = form
        return form

    def keep(self, resources, name, form, visible: list) -> None:
        """Remember the visible version of a form that hides text (its first drawing decides)."""
        from pypdf.generic import ContentStream

        if id(form) in self.edits:
            return
        copy = ContentStream(None, self.reader, "bytes")
        copy.update(form)
        copy.operations = visible
        self.edits[id(form)] = (resources.get_object()["/XObject"].get_object(), name, form, copy)

    def swap(self, visible: bool) -> None:
        """Put each edited form's visible copy (or its original) in its resources."""
        from pypdf.generic import NameObject

        for xobjects, name, form, copy in self.edits.values():
            xobjects[NameObject(name)] = copy if visible else form


def _visible_ops(ops: list, walker: _Walker, resources=None, forms: _Forms | None = None,
                 depth: int = 0) -> tuple[list, int]:
    """The operations with hidden text-showing operators replaced by their line moves; the
    forms they draw are walked in place (their own hidden text is left out through ``forms``)."""
    out: list = []
    removed = 0
    for args, op in ops:
        if op == b"Do" and args and forms is not None:
            form = forms.resolve(resources, args[0])
            if form is not None:
                removed += _walk_form(form, args[0], walker, resources, forms, depth)
                out.append((args, op))
                continue
        walker.step(op, args)
        if op in _SHOW and walker.hidden_reason():
            removed += 1
            if op == b'"' and len(args) >= 3:
                out += [([args[0]], b"Tw"), ([args[1]], b"Tc"), ([], b"T*")]
            elif op == b"'":
                out.append(([], b"T*"))
            continue
        out.append((args, op))
    return out, removed


def _walk_form(form, name, walker: _Walker, resources, forms: _Forms, depth: int) -> int:
    """A form drawn here: q, its /Matrix, its operators in the inherited state, Q. A form
    without text, too deep or drawing itself only paints its box in an unknown colour."""
    from pypdf.generic import ContentStream

    walker.step(b"q", [])
    matrix = _nums(form.get("/Matrix") or [], 6)
    if matrix:
        walker.step(b"cm", matrix)
    removed = 0
    if not isinstance(form, ContentStream) or depth >= _MAX_FORM_DEPTH or id(form) in forms.active:
        box = _nums(form.get("/BBox") or [], 4)
        walker.paint_unknown([(box[0], box[1]), (box[2], box[3])] if box else [(0.0, 0.0), (1.0, 1.0)])
    else:
        forms.active.add(id(form))
        try:
            visible, removed = _visible_ops(form.operations, walker, form.get("/Resources") or resources,
                                            forms, depth + 1)
        finally:
            forms.active.discard(id(form))
        if removed:
            forms.keep(resources, name, form, visible)
    walker.step(b"Q", [])
    return removed


def page_box(page) -> tuple[float, float, float, float]:
    box = page.cropbox
    return (float(box.left), float(box.bottom), float(box.right), float(box.top))


def visible_text(page, reader, keep_hidden: bool = False) -> tuple[str, int]:
    """The page's text without what a reader cannot see, and how many letters and
    digits were left out (with ``keep_hidden`` they are counted but kept).

    The content is parsed once and put back on the in-memory page as a parsed
    stream, so pypdf's ``extract_text`` reuses it instead of parsing the bytes again;
    only a page that does hide text is extracted twice (to count what was hidden)."""
    from pypdf.generic import ContentStream, NameObject

    contents = page.get("/Contents")
    if contents is None:
        return page.extract_text() or "", 0
    contents = contents.get_object()
    # "bytes": strings stay undecoded, as pypdf's own extraction wants them (fonts decode them)
    stream = contents if isinstance(contents, ContentStream) else ContentStream(contents, reader, "bytes")
    ops = stream.operations
    page[NameObject("/Contents")] = stream
    forms = _Forms(reader)
    visible, removed = _visible_ops(ops, _Walker(page_box(page)), page.get("/Resources"), forms)
    if not removed:
        return page.extract_text() or "", 0
    full = page.extract_text() or ""
    stream.operations = visible
    forms.swap(visible=True)
    try:
        shown = page.extract_text() or ""
    finally:
        stream.operations = ops
        forms.swap(visible=False)
    hidden = max(0, _alnum(full) - _alnum(shown))
    return (full if keep_hidden else shown), hidden


def _alnum(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())
