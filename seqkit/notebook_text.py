"""The words of a notebook, apart from its code: what a translation replaces.

A master notebook's readable text is
- every markdown cell (one message each);
- the success and failure messages in a test cell's TEST CONFIG;
- every prose string literal in the code cells that are not answers (the
  public self-checks' failure messages, the demos' printed lines): a str or
  f-string literal with two words in it, docstrings left out.

An f-string's message is its template as written, `{h.shape}` and all: a
translation must keep every placeholder, and the rebuilt literal is an
f-string again.  Everything else in a code cell stays byte for byte.
"""
import ast
import json
import re

CONFIG = '""" # BEGIN TEST CONFIG'
_PROSE = re.compile(r"[^\W\d_]{2,}[,:;.]? +[^\W\d_]{2,}")
_CONFIG_LINE = re.compile(r'^(success_message|failure_message): *(".*")[ \t]*$', re.M)
# keyword arguments that hold words a reader sees; any other keyword's string is an option
# (matplotlib's loc="lower center") and stays as it is
_READ_KEYWORDS = {"label", "title", "xlabel", "ylabel", "message", "msg", "help"}


def _source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _conversion(code):
    return {-1: "", 115: "!s", 114: "!r", 97: "!a"}[code]


def _spec(node):
    if node is None:
        return ""
    parts = [v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
             for v in node.values]
    return ":" + "".join(parts)


def template(node):
    """The message of a str or f-string literal node."""
    if isinstance(node, ast.Constant):
        return node.value
    out = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            out.append(v.value.replace("{", "{{").replace("}", "}}"))
        else:
            out.append("{" + ast.unparse(v.value) + _conversion(v.conversion) + _spec(v.format_spec)
                       + "}")
    return "".join(out)


def placeholders(node):
    """The `{...}` fields of an f-string literal node, as written in its template."""
    if isinstance(node, ast.Constant):
        return []
    return ["{" + ast.unparse(v.value) + _conversion(v.conversion) + _spec(v.format_spec) + "}"
            for v in node.values if isinstance(v, ast.FormattedValue)]


def is_prose(text):
    return bool(_PROSE.search(re.sub(r"\{[^{}]*\}", " ", text)))


def literals(code):
    """[(node, message)] of the prose string literals of one code cell, docstrings left out."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    found = []

    def visit(node):
        if isinstance(node, ast.keyword) and node.arg not in _READ_KEYWORDS:
            return
        if isinstance(node, (ast.Compare, ast.Subscript)):
            return  # a string compared or used as a key is code
        if isinstance(node, ast.Dict):
            for value in node.values:
                visit(value)
            return
        if isinstance(node, ast.JoinedStr):
            text = template(node)
            if is_prose(text):
                found.append((node, text))
            return  # the strings inside its {fields} are code
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and is_prose(node.value):
                found.append((node, node.value))
            return
        for child in ast.iter_child_nodes(node):
            visit(child)
    visit(tree)
    return found


def _f_literal(translation, fields, quote):
    """An f-string literal reading `translation`, whose {fields} must be those of the English."""
    pattern = "|".join(re.escape(f) for f in sorted(set(fields), key=len, reverse=True))
    pieces = re.split(f"({pattern})", translation) if fields else [translation]
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:  # a field, verbatim
            out.append(piece)
            continue
        text = piece.replace("{{", "\0").replace("}}", "\1")
        if "{" in text or "}" in text:
            raise ValueError(f"a placeholder that the English does not have in {translation!r}")
        text = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
        out.append(text.replace("\0", "{{").replace("\1", "}}"))
    return "f" + quote + "".join(out) + quote


def _literal(node, translation):
    if isinstance(node, ast.Constant):
        return repr(translation)
    fields = placeholders(node)
    quote = '"' if not any('"' in f for f in fields) else "'"
    return _f_literal(translation, fields, quote)


def is_test_cell(code):
    return code.startswith(CONFIG)


def answer_cells(nb):
    """Indices of the cells between raw `# BEGIN SOLUTION` and `# END SOLUTION` (answers)."""
    inside, out = False, set()
    for i, cell in enumerate(nb["cells"]):
        src = _source(cell).strip()
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN SOLUTION"):
            inside = True
        elif cell["cell_type"] == "raw" and src.startswith("# END SOLUTION"):
            inside = False
        elif inside:
            out.add(i)
    return out


def messages(nb):
    """[(message, cell index, kind)] of a notebook, in order (kind: for the translator)."""
    out, answers = [], answer_cells(nb)
    for i, cell in enumerate(nb["cells"]):
        src = _source(cell)
        if cell["cell_type"] == "markdown" and src.strip():
            out.append((src, i, "markdown cell"))
        elif cell["cell_type"] == "code" and i not in answers:
            kind = "self-check message" if is_test_cell(src) else "printed by a code cell"
            if is_test_cell(src):
                out += [(json.loads(m.group(2)), i, m.group(1))
                        for m in _CONFIG_LINE.finditer(src.split('""" # END TEST CONFIG')[0])]
            out += [(text, i, kind + (" (f-string: keep every {...} as it is)"
                                      if isinstance(node, ast.JoinedStr) else ""))
                    for node, text in literals(src)]
    return out


def localise_code(code, translate):
    """code with every prose literal (and TEST CONFIG message) replaced by translate(message)."""
    head, sep, body = code.partition('""" # END TEST CONFIG') if is_test_cell(code) else (
        "", "", code)
    prefix = len((head + sep).encode())  # positions below are in the English cell
    if sep:
        head = _CONFIG_LINE.sub(lambda m: f"{m.group(1)}: "
                                f"{json.dumps(translate(json.loads(m.group(2))), ensure_ascii=False)}",
                                head)
    data = body.encode()
    edits = []
    for node, text in literals(code):
        new = translate(text)
        if new == text:
            continue
        # positions are in the whole cell; ast counts columns in UTF-8 bytes
        start = _byte_offset(code, node.lineno, node.col_offset) - prefix
        end = _byte_offset(code, node.end_lineno, node.end_col_offset) - prefix
        edits.append((start, end, _literal(node, new).encode()))
    for start, end, new in sorted(edits, reverse=True):
        data = data[:start] + new + data[end:]
    return head + sep + data.decode()


def _byte_offset(code, lineno, col):
    lines = code.encode().split(b"\n")
    return sum(len(line) + 1 for line in lines[:lineno - 1]) + col


def localise(nb, translate):
    """The notebook (an nbformat dict, changed in place) with its readable text translated."""
    answers = answer_cells(nb)
    for i, cell in enumerate(nb["cells"]):
        src = _source(cell)
        if cell["cell_type"] == "markdown" and src.strip():
            cell["source"] = translate(src)
        elif cell["cell_type"] == "code" and i not in answers:
            new = localise_code(src, translate)
            ast.parse(new)  # a translation never breaks the code
            cell["source"] = new
    return nb
