#!/usr/bin/env python3
"""Structural check of the Kubernetes manifest (scripts/check-deploy.sh): kinds, the Service selecting the
Deployment's pods, probes on the admin port, the admin port listening beyond loopback, and a grace period
above preStop sleep + --drain-delay + --shutdown-timeout. Prints each problem; exit 1 if any."""
import sys

import yaml


def option(args, name, default):
    for i, arg in enumerate(args):
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
        if arg == name and i + 1 < len(args):
            return args[i + 1]
    return default


def check(docs):
    problems = []
    kinds = {d.get("kind"): d for d in docs if d}
    for kind in ("Deployment", "Service"):
        if kind not in kinds:
            problems.append("no " + kind)
    if problems:
        return problems
    deployment, service = kinds["Deployment"], kinds["Service"]
    if deployment.get("apiVersion") != "apps/v1" or service.get("apiVersion") != "v1":
        problems.append("apiVersion: Deployment apps/v1, Service v1")
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    if deployment["spec"]["selector"]["matchLabels"].items() - labels.items():
        problems.append("the Deployment's selector does not match its pod labels")
    if service["spec"]["selector"].items() - labels.items():
        problems.append("the Service's selector does not match the pod labels")
    container = pod["spec"]["containers"][0]
    args = container.get("command", []) + container.get("args", [])
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    admin_port = option(args, "--admin-port", None)
    if admin_port is None or ports.get("admin") != int(admin_port):
        problems.append("a container port named admin must be --admin-port (%s): %s" % (admin_port, ports))
    if option(args, "--admin-host", "127.0.0.1") in ("127.0.0.1", "localhost", "::1"):
        problems.append("--admin-host must not be loopback: the kubelet probes from outside the pod's loopback")
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/livez")):
        get = container.get(probe, {}).get("httpGet", {})
        if get.get("path") != path or get.get("port") not in ("admin", ports.get("admin")):
            problems.append("%s must GET %s on the admin port: %s" % (probe, path, get))
    service_targets = {p.get("targetPort") for p in service["spec"]["ports"]}
    if "admin" in service_targets or ports.get("admin") in service_targets:
        problems.append("the Service must not expose the admin port")
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    sleep = pre_stop.get("sleep", {}).get("seconds")
    if sleep is None:
        command = pre_stop.get("exec", {}).get("command", [])
        sleep = int(command[-1]) if command[:1] == ["sleep"] else None
    if sleep is None:
        problems.append("no preStop sleep")
        sleep = 0
    drain = int(option(args, "--drain-delay", "5"))
    timeout = int(option(args, "--shutdown-timeout", "10"))
    grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
    if grace <= sleep + drain + timeout:
        problems.append("terminationGracePeriodSeconds %d must exceed preStop %d + drain %d + shutdown %d"
                        % (grace, sleep, drain, timeout))
    if "resources" not in container or "memory" not in container["resources"].get("limits", {}):
        problems.append("no memory limit")
    return problems


def main(path):
    with open(path) as f:
        problems = check(list(yaml.safe_load_all(f)))
    for p in problems:
        print("  " + path + ": " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
