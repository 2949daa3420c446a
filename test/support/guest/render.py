#!/usr/bin/python3
"""Render cloud-init NoCloud data the way a guest's cloud-init would, for many documents in one process.

stdin:  one JSON object a line: {"id": str, "networkData": str|null, "userData": str|null, "netplan": bool?}
stdout: one JSON object a line, in the same order:
  {"id", "renderers": {"networkd": {path: text}, "sysconfig": {...}, "network-manager": {...}, "netplan": {...},
                       "netplan-networkd": {...}},           # the last only when netplan generate ran
   "rendererErrors": {renderer: message},                   # a renderer that raised (cloud-init would fail)
   "warnings": [str],                                       # cloud-init's own WARNING/ERROR log lines
   "netplanWarnings": [str],                                # what `netplan generate` warned about
   "userData": {"valid": bool, "errors": [str], "deprecations": [str], "note": str|null} | null,
   "netplanMs": float|null, "error": str|null}

The first line written is {"ready": true, "cloudInit": version, "netplan": path|null} so the caller can
tell a missing tool from a broken document. Paths are relative to the rendered root ("etc/...", "run/...").

Network data follows cloud-init 22.4's NoCloud path: util.load_yaml (DataSourceNoCloud._merge_new_seed),
Init._remove_top_level_network_key, net.is_disabled_cfg, then for each renderer
Distro.apply_network_config: parse_net_config_data(netcfg, renderer=renderer) and
renderer.render_network_state(state, templates=None, target=<fresh temp dir>). The host's own NICs are
hidden from the parser (a guest would see its NICs already renamed by set-name, which is what the
config says anyway). For the netplan renderer, netplan's generator (what `netplan generate` executes)
turns <tmp>/etc/netplan/50-cloud-init.yaml into <tmp>/run/systemd/network/*.
User data goes through cloud-init's schema as `cloud-init schema --config-file` does
(config.schema.validate_cloudconfig_file): "#cloud-config" header, safeyaml.load, a mapping,
validate_cloudconfig_schema(config, get_schema(), strict=True); deprecations are not errors.
"""
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

# Keep stdout for JSON lines only: anything printed by a library goes to stderr.
_OUT = sys.stdout
sys.stdout = sys.stderr


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        try:
            self.lines.append(f"{record.name}: {record.getMessage()}".split("\n")[0])
        except Exception:  # noqa: BLE001 - a log line must never break a render
            pass


_COLLECT = _Collect()
_cloudinit_logger = logging.getLogger("cloudinit")
_cloudinit_logger.addHandler(_COLLECT)
_cloudinit_logger.setLevel(logging.WARNING)
_cloudinit_logger.propagate = False


def _fatal_ready(message):
    _OUT.write(json.dumps({"ready": False, "error": message}) + "\n")
    _OUT.flush()
    sys.exit(3)


# cloud-init's util.write_file tries to import "selinux" for every file it writes (SeLinuxGuard); a failed
# import searches sys.path each time. None in sys.modules makes that import fail at once, as it would anyway.
sys.modules.setdefault("selinux", None)

try:
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)
    from cloudinit import net as ci_net
    from cloudinit import safeyaml
    from cloudinit import util as ci_util
    from cloudinit import version as ci_version
    from cloudinit.config import schema as ci_schema
    from cloudinit.net import netplan as r_netplan
    from cloudinit.net import network_manager as r_nm
    from cloudinit.net import network_state
    from cloudinit.net import networkd as r_networkd
    from cloudinit.net import sysconfig as r_sysconfig
    from cloudinit.distros import rhel as ci_rhel
except ImportError as e:  # the caller maps this to "apt-get install cloud-init"
    _fatal_ready(f"cannot import cloud-init's python modules ({e}) with {sys.executable}")

# Guest view: the build host's NICs must not rename anything (the guest's NICs carry set-name already).
network_state.get_interfaces_by_mac = lambda *a, **k: {}
network_state.find_interface_name_from_mac = lambda *a, **k: None
# networkd chowns its files to systemd-network, a user the build host may lack.
ci_util.chownbyname = lambda *a, **k: None
# handle_physical serializes the whole state to YAML after each NIC for a debug log it throws away: half the
# run time. Nothing reads the result.
network_state.NetworkStateInterpreter.dump_network_state = lambda self: ""

# Where `netplan generate` finds its generator (netplan.cli.utils.get_generator_path), with the usual libexec dirs.
_GENERATORS = [os.environ["NETPLAN_GENERATE_PATH"]] if os.environ.get("NETPLAN_GENERATE_PATH") else [
    "/lib/netplan/generate",
    "/usr/lib/netplan/generate",
    "/usr/libexec/netplan/generate",
]
NETPLAN_GENERATOR = next((p for p in _GENERATORS if os.access(p, os.X_OK)), None)
NETPLAN_CLI = shutil.which("netplan") or next((p for p in ("/usr/sbin/netplan", "/sbin/netplan") if os.access(p, os.X_OK)), None)
# GUEST_NETPLAN_CLI=1 runs the `netplan generate` python front end (≈130 ms) instead of the generator it execs (≈8 ms).
USE_CLI = os.environ.get("GUEST_NETPLAN_CLI") == "1"

SCHEMA = ci_schema.get_schema()


def _renderers():
    """Fresh renderer instances (the NetworkManager one keeps state), configured as their distros do."""
    return {
        "networkd": r_networkd.Renderer({}),
        # RHEL-like distro (cloudinit/distros/rhel.py renderer_configs), flavor "rhel".
        "sysconfig": r_sysconfig.Renderer(dict(ci_rhel.Distro.renderer_configs["sysconfig"], flavor="rhel")),
        "network-manager": r_nm.Renderer({}),
        # As Ubuntu's distro config, without running `netplan generate` itself (done below, into the temp root).
        "netplan": r_netplan.Renderer({"netplan_path": "etc/netplan/50-cloud-init.yaml", "postcmds": False, "features": []}),
    }


def _collect_files(root, under=""):
    files = {}
    base = os.path.join(root, under)
    if not os.path.isdir(base):
        return files
    for dirpath, _dirs, names in os.walk(base):
        for name in sorted(names):
            full = os.path.join(dirpath, name)
            with open(full, "r", encoding="utf-8", errors="replace") as f:
                files[os.path.relpath(full, root)] = f.read()
    return dict(sorted(files.items()))


def _netplan_generate(root):
    if USE_CLI:
        argv = [NETPLAN_CLI, "generate", "--root-dir", root]
    else:
        argv = [NETPLAN_GENERATOR, "--root-dir", root]
    proc = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    if proc.returncode != 0:
        raise RuntimeError(f"netplan generate exited {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}")
    files = {}
    for under in ("run/systemd/network",):
        files.update(_collect_files(root, under))
    return files, _glib_warnings(proc.stderr, root)


def _glib_warnings(text, root):
    """'** (generate:123): WARNING **: 06:32:35.737: message' (+ continuation lines) -> ['message ...']."""
    messages = []
    for line in text.replace(root + "/", "").splitlines():
        head = re.match(r"^\*\* \([^)]*\): \w+ \*\*: (?:[0-9:.]+: )?(.*)$", line)
        if head:
            messages.append(head.group(1).strip())
        elif line.strip() and messages:
            messages[-1] += " " + line.strip()
        elif line.strip():
            messages.append(line.strip())
    return messages


def _network(text, with_netplan, out):
    netcfg = ci_util.load_yaml(text)  # DataSourceNoCloud._merge_new_seed
    if netcfg is None:
        out["error"] = "network-config did not load as a YAML mapping: cloud-init would ignore it and fall back to DHCP on one NIC"
        return
    if "network" in netcfg:  # Init._remove_top_level_network_key
        netcfg = netcfg["network"]
    if ci_net.is_disabled_cfg(netcfg):
        out["error"] = "network-config says config: disabled"
        return
    for name, renderer in _renderers().items():
        root = tempfile.mkdtemp(prefix=f"guest-{name}-")
        try:
            state = network_state.parse_net_config_data(netcfg, renderer=renderer)  # Distro.apply_network_config
            renderer.render_network_state(state, templates=None, target=root)
            out["renderers"][name] = _collect_files(root)
            if name == "netplan" and with_netplan:
                started = time.perf_counter()
                try:
                    out["renderers"]["netplan-networkd"], out["netplanWarnings"] = _netplan_generate(root)
                except Exception as e:  # noqa: BLE001
                    out["rendererErrors"]["netplan-networkd"] = str(e)
                out["netplanMs"] = round((time.perf_counter() - started) * 1000, 2)
        except Exception as e:  # noqa: BLE001 - in a guest this aborts cloud-init's network stage
            out["rendererErrors"][name] = f"{type(e).__name__}: {e}"
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _user_data(text):
    header = ci_schema.CLOUD_CONFIG_HEADER.decode()
    if not text.startswith(header):
        first = text.split("\n", 1)[0][:40]
        return {"valid": True, "errors": [], "deprecations": [], "note": f"not {header} (starts with {first!r}): cloud-init's schema does not apply"}
    try:
        config = safeyaml.load(text)
    except Exception as e:  # noqa: BLE001 - yaml.YAMLError and friends
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        where = f"format-l{mark.line + 1}.c{mark.column + 1}" if mark else "format-l1.c1"
        return {"valid": False, "errors": [f"{where}: is not valid yaml. {' '.join(str(e).split())}"], "deprecations": [], "note": None}
    if config is None:
        return {"valid": True, "errors": [], "deprecations": [], "note": "empty #cloud-config"}
    if not isinstance(config, dict):
        return {"valid": False, "errors": ["Cloud-config is not a YAML dict."], "deprecations": [], "note": None}
    try:
        ci_schema.validate_cloudconfig_schema(config, SCHEMA, strict=True, log_details=False, log_deprecations=False)
    except ci_schema.SchemaValidationError as e:
        return {
            "valid": not e.has_errors(),
            "errors": [p.format() for p in (e.schema_errors or [])],
            "deprecations": [p.format() for p in (e.schema_deprecations or [])],
            "note": None,
        }
    return {"valid": True, "errors": [], "deprecations": [], "note": None}


def handle(doc):
    out = {"id": doc.get("id"), "renderers": {}, "rendererErrors": {}, "warnings": [], "userData": None, "netplanMs": None, "netplanWarnings": [], "error": None}
    _COLLECT.lines = []
    try:
        text = doc.get("networkData")
        if text is not None:
            with_netplan = doc.get("netplan", True) is not False
            if with_netplan and not (NETPLAN_CLI if USE_CLI else NETPLAN_GENERATOR):
                raise RuntimeError("netplan generate is not installed (apt-get install netplan.io)")
            _network(text, with_netplan, out)
        if doc.get("userData") is not None:
            out["userData"] = _user_data(doc["userData"])
    except Exception as e:  # noqa: BLE001
        out["error"] = f"{type(e).__name__}: {e}"
        traceback.print_exc(file=sys.stderr)
    out["warnings"] = list(_COLLECT.lines)
    return out


def main():
    _OUT.write(json.dumps({"ready": True, "cloudInit": ci_version.version_string(), "netplan": NETPLAN_CLI, "netplanGenerator": NETPLAN_GENERATOR}) + "\n")
    _OUT.flush()
    for line in io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError as e:
            result = {"id": None, "renderers": {}, "rendererErrors": {}, "warnings": [], "userData": None, "netplanMs": None, "netplanWarnings": [], "error": f"bad input line: {e}"}
        else:
            result = handle(doc)
        _OUT.write(json.dumps(result) + "\n")
        _OUT.flush()


if __name__ == "__main__":
    main()
