#!/bin/bash
# SageMaker Studio lifecycle configuration (JupyterLab and Code Editor), rendered by the
# vpconly:supply:PackageSupply component: points pip at the landing zone's CodeArtifact PyPI
# repository with a short-lived token, the result of
#   aws codeartifact login --tool pip --domain D --domain-owner O --repository R
# without its two leaks: that command runs `pip config set global.index-url
# https://aws:<token>@...`, so the token is on a command line (anyone on the host sees it in
# `ps`) and in pip.conf. Here:
#   - the token only ever travels through a pipe (the AWS CLI's output) and bash builtins
#     (printf), never through another program's arguments;
#   - it is stored once, in ~/.netrc (mode 0600), as the password for the repository's host;
#     pip reads credentials for an index URL without any from ~/.netrc ("netrc support",
#     https://pip.pypa.io/en/stable/topics/authentication/#netrc-support), and curl does with
#     --netrc-file;
#   - pip's index URL (pip config) carries no credentials;
#   - everything this script creates is private to the user (umask 077).
#
# Studio has no internet path, and a lifecycle script that exits non-zero stops the app from
# starting. So if CodeArtifact cannot be reached (or refuses), the script warns, says how to
# retry, and exits 0: Studio starts, and pip is not configured until `pip-login` succeeds. Run
# as `pip-login` from a terminal, the same failures exit 1.
#
# Every value below is rendered from the stack's configuration; do not edit it in the console.
set -euo pipefail
umask 077

REGION='{{.Region}}'
DOMAIN='{{.Domain}}'
DOMAIN_OWNER='{{.DomainOwner}}'
REPOSITORY='{{.Repository}}'
TOKEN_SECONDS='{{.TokenSeconds}}'
INDEX_HOST="${DOMAIN}-${DOMAIN_OWNER}.d.codeartifact.${REGION}.amazonaws.com"
INDEX_URL="https://${INDEX_HOST}/pypi/${REPOSITORY}/simple/"
NETRC="${HOME}/.netrc"

# The global STS hostname (sts.amazonaws.com) has no endpoint in the landing zone: use the
# regional one, for this script and for every terminal and kernel of the user.
export AWS_STS_REGIONAL_ENDPOINTS=regional
export AWS_DEFAULT_REGION="${REGION}"

# Install this script as `pip-login` first, so that a user can retry after a failure, and renew
# the token (it expires after TOKEN_SECONDS), from a terminal or a notebook cell: !pip-login
mkdir -p "${HOME}/.local/bin"
if [ -r "${BASH_SOURCE[0]}" ] && [ "${BASH_SOURCE[0]}" != "${HOME}/.local/bin/pip-login" ]; then
	install -m 0755 "${BASH_SOURCE[0]}" "${HOME}/.local/bin/pip-login" || true
fi

fail() {
	echo "pip-codeartifact: WARNING: $*" >&2
	echo "pip-codeartifact: pip is not configured for CodeArtifact: it cannot install packages until this is fixed." >&2
	echo "pip-codeartifact: Check that the hub has the codeartifact.api and codeartifact.repositories endpoints," >&2
	echo "pip-codeartifact: that ${INDEX_HOST} resolves to them, and that the execution role may call" >&2
	echo "pip-codeartifact: codeartifact:GetAuthorizationToken on domain ${DOMAIN}; ask the platform team." >&2
	echo "pip-codeartifact: To retry, run pip-login in a terminal (or !pip-login in a notebook cell)." >&2
	if [ "$(basename -- "$0")" = "pip-login" ]; then
		exit 1
	fi
	echo "pip-codeartifact: Studio starts anyway." >&2
	exit 0
}

if ! command -v aws >/dev/null 2>&1; then
	fail "the AWS CLI is not installed in this image"
fi

# The token comes back on the AWS CLI's standard output (a pipe), never as an argument.
if ! TOKEN="$(aws codeartifact get-authorization-token --region "${REGION}" --domain "${DOMAIN}" \
	--domain-owner "${DOMAIN_OWNER}" --duration-seconds "${TOKEN_SECONDS}" \
	--cli-connect-timeout 10 --cli-read-timeout 30 --query authorizationToken --output text)"; then
	fail "no CodeArtifact token for domain ${DOMAIN} (owner ${DOMAIN_OWNER}) in ${REGION} (CodeArtifact unreachable or refused)"
fi
if [ -z "${TOKEN}" ] || [ "${TOKEN}" = "None" ]; then
	fail "CodeArtifact returned an empty token for domain ${DOMAIN}"
fi

# ~/.netrc, mode 0600: every other entry kept, the repository host's replaced. Written to a
# private temporary file first (printf is a bash builtin: the token is no program's argument),
# then moved into place.
NEW_NETRC="$(mktemp "${HOME}/.netrc.XXXXXX")"
trap 'rm -f "${NEW_NETRC}"' EXIT
if [ -f "${NETRC}" ]; then
	grep -v -F "machine ${INDEX_HOST} " "${NETRC}" >"${NEW_NETRC}" || true
fi
printf 'machine %s login aws password %s\n' "${INDEX_HOST}" "${TOKEN}" >>"${NEW_NETRC}"
chmod 0600 "${NEW_NETRC}"
mv -f "${NEW_NETRC}" "${NETRC}"
trap - EXIT

# Probe the repository before pointing pip at it: no answer at all is "unreachable", an answer
# of 401 or 403 is a refusal (policy or token). curl reads the credentials from ~/.netrc.
if command -v curl >/dev/null 2>&1; then
	if ! CODE="$(curl --silent --show-error --max-time 20 --netrc-file "${NETRC}" --output /dev/null \
		--write-out '%{http_code}' "${INDEX_URL}")"; then
		fail "repository ${REPOSITORY} at ${INDEX_URL} is unreachable"
	fi
	case "${CODE}" in
	401 | 403) fail "repository ${REPOSITORY} refused the token (HTTP ${CODE})" ;;
	esac
fi

# The index URL without credentials: pip finds them in ~/.netrc.
pip config --user set global.index-url "${INDEX_URL}" >/dev/null ||
	fail "could not write pip's user configuration"

# Persist the settings for the user's terminals and SDK calls.
aws configure set sts_regional_endpoints regional || true
for rc in "${HOME}/.bashrc" "${HOME}/.profile"; do
	touch "${rc}"
	grep -q '^export AWS_STS_REGIONAL_ENDPOINTS=regional$' "${rc}" ||
		echo 'export AWS_STS_REGIONAL_ENDPOINTS=regional' >>"${rc}"
done

echo "pip-codeartifact: pip now installs from CodeArtifact repository ${REPOSITORY} (domain ${DOMAIN}); the token expires in ${TOKEN_SECONDS} seconds: run pip-login to renew it."
