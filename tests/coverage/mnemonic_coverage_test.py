#!/usr/bin/env python3
"""scripts/mnemonic-coverage on coverage_sample.S, whose coverage is known.

usage: mnemonic_coverage_test.py SCRIPT ISA_COVERAGE OBJDUMP SAMPLE_ELF
"""
import os
import subprocess
import sys
import tempfile

script, tool, objdump, sample = sys.argv[1:5]
failures = []


def run(*extra, paths=(sample,)):
    result = subprocess.run([sys.executable, script, "--tool", tool, "--objdump", objdump, *extra, *paths],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return result.returncode, result.stdout, result.stderr


def row(output, mnemonic):
    for line in output.splitlines():
        fields = line.split()
        if fields and fields[0] == mnemonic:
            return line
    return None


def check(condition, message, output=""):
    if not condition:
        failures.append(f"{message}\n{output}")


def unimplemented_list(output):
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("unimplemented mnemonics: "):
            count = int(line.split(": ")[1])
            listed = [l.strip() for l in lines[i + 1:]]
            return count, listed
    return None, None


# Everything counted: SVE in both functions; udf and the data word skipped.
status, out, err = run("--words", "--max-functions", "0")
check(status == 1, f"exit status {status}, expected 1: {err}", out)
check("skipped: 1 udf, 1 data" in out, "udf and data word not skipped", out)
check(unimplemented_list(out) == (3, ["add", "ptrue", "whilelo"]), "wrong unimplemented list", out)
add = row(out, "add") or ""
check(add.split()[1:5] == ["3", "3", "partial", "2/3"] and add.endswith("sve_user"), "wrong add row", out)
ptrue = row(out, "ptrue") or ""
check(ptrue.split()[1:4] == ["2", "1", "no"] and "__memcpy_sve" in ptrue and "sve_user" in ptrue,
      "wrong ptrue row", out)
nop = row(out, "nop") or ""
check(nop.split()[1:4] == ["1", "1", "yes"], "wrong nop row", out)
check(row(out, "udf") is None, "udf listed", out)
check("04220020" in out and "sve_user" not in (row(out, "mov") or "x"), "word list missing", out)

# glibc's SVE routines allowed: the SVE in sve_user remains.
status, out, err = run("--allow-functions", "^__mem[a-z]*_(a64fx|sve)$")
check(status == 1, f"exit status {status}, expected 1 with the SVE allow-list", out)
check(unimplemented_list(out) == (2, ["add", "ptrue"]), "wrong list with the SVE allow-list", out)
check("excluded by --allow-functions: 1 functions, 3 instructions: __memcpy_sve" in out, "exclusion not reported", out)
check(row(out, "whilelo") is None, "excluded function still counted", out)

# Both allowed (two options combine): nothing unimplemented, exit 0.
status, out, err = run("--allow-functions", "^__mem[a-z]*_sve$", "--allow-functions", "^sve_user$")
check(status == 0, f"exit status {status}, expected 0", out)
check(out.rstrip().endswith("unimplemented mnemonics: 0"), "output does not end with the count", out)

# Mnemonics allowed in one function only: sve_user's add and ptrue go, _start's add stays.
status, out, err = run("--allow-functions", "^__mem[a-z]*_sve$", "--allow-mnemonic", "ptrue:^sve_user$",
                       "--allow-mnemonic", "add:^sve_", "--unimplemented-only")
check(status == 0, f"exit status {status} with --allow-mnemonic", out)
check("excluded by --allow-mnemonic: add in 1 functions, 2 instructions: sve_user" in out, "add not excluded", out)
check("excluded by --allow-mnemonic: ptrue in 1 functions, 1 instructions: sve_user" in out, "ptrue not excluded", out)
check(row(out, "add") is None and row(out, "nop") is None, "--unimplemented-only listed implemented rows", out)
status, out, err = run("--allow-mnemonic", "ptrue")
check(status == 2, f"malformed --allow-mnemonic: status {status}", out + err)

# A directory is searched for ELF files; other files are ignored.
with tempfile.TemporaryDirectory() as directory:
    os.symlink(os.path.abspath(sample), os.path.join(directory, "link"))  # links are not followed
    with open(os.path.join(directory, "notes.txt"), "w") as f:
        f.write("not an ELF file\n")
    sub = os.path.join(directory, "sub")
    os.mkdir(sub)
    with open(sample, "rb") as src, open(os.path.join(sub, "copy"), "wb") as dst:
        dst.write(src.read())
    status, out, err = run(paths=(directory,))
    check(status == 1 and out.startswith("files: 1,"), f"directory scan: status {status}", out + err)
    # Occurrences double over two copies of the program; distinct words do not.
    status, out, err = run(paths=(directory, sample))
    check((row(out, "ptrue") or "").split()[1:3] == ["4", "1"], "counts over two files", out)

# Errors are status 2.
status, out, err = run(paths=("/nonexistent/file",))
check(status == 2, f"missing file: status {status}", err)

for failure in failures:
    print("FAIL:", failure)
print("mnemonic_coverage_test:", "FAILED" if failures else "passed")
sys.exit(1 if failures else 0)
