"""Builds warp64._warp64 with the project's CMake build (the repository root is the parent
of this directory) and packages it with the pure-Python part in warp64/.

Environment:
  WARP64_CMAKE_ARGS  extra arguments for the CMake configure step, e.g. "-DWARP64_CUDA=OFF"
  WARP64_BUILD_DIR   the CMake build directory (default: <repository>/build-pip, reused
                     between installs)
  WARP64_JOBS        parallel build jobs (default: all cores)
"""

import glob
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").exists():
            raise RuntimeError(f"warp64's CMakeLists.txt is not at {ROOT}: build from a source checkout")
        build_dir = pathlib.Path(os.environ.get("WARP64_BUILD_DIR", ROOT / "build-pip")).resolve()
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DWARP64_PYTHON=ON",
            "-DBUILD_TESTING=OFF",
            "-DCMAKE_BUILD_TYPE=Release",
        ]
        if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
            configure += ["-G", "Ninja"]
        configure += shlex.split(os.environ.get("WARP64_CMAKE_ARGS", ""))
        subprocess.check_call(configure)
        jobs = os.environ.get("WARP64_JOBS", str(os.cpu_count() or 1))
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "warp64_python", "-j", jobs])

        built = glob.glob(str(build_dir / "python" / "warp64" / "_warp64*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one built _warp64 module in {build_dir}, found {built}")
        destination = pathlib.Path(self.get_ext_fullpath(ext.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], destination)


# Keep setuptools' own products (build/, *.egg-info) out of the source tree.
SETUPTOOLS_DIR = ROOT / "build-pip" / "setuptools"
SETUPTOOLS_DIR.mkdir(parents=True, exist_ok=True)

setup(
    ext_modules=[CMakeExtension("warp64._warp64")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": str(SETUPTOOLS_DIR)}, "egg_info": {"egg_base": str(SETUPTOOLS_DIR)}},
)
