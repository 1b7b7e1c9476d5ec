#!/bin/sh
# Installs code-server (VS Code in a browser) for test/client/code-server.test.ts, from the npm registry alone.
#
# code-server's own install script (postinstall.sh) runs `npm install` in lib/vscode, whose packages download
# ripgrep from the network and build native modules. Instead, with every install script off:
#   1. code-server itself, then lib/vscode's packages (from its npm-shrinkwrap.json), both --ignore-scripts;
#   2. build from source only the native modules that starting the server and an extension host needs:
#      argon2 (code-server loads it at start), @vscode/spdlog (VS Code's logs), native-watchdog (the extension
#      host); not node-pty (terminals), kerberos (proxy authentication), @vscode/deviceid, the Windows ones;
#   3. link Debian's ripgrep where @vscode/ripgrep's download would have put its binary, and make the links that
#      postinstall.sh makes (node_modules.asar, the `code-server` CLI inside the remote terminal).
# Needs node 20 (code-server 4.100 requires it), npm, g++/make/python3 with Node's headers (node-gyp), and rg.
#
# Where: $BERTH_CODE_SERVER_HOME, else ${XDG_CACHE_HOME:-~/.cache}/berth/code-server-<version>; the executable is
# <there>/node_modules/.bin/code-server, where the test looks for it. Idempotent: a finished install is marked
# and left alone (a few milliseconds); an unfinished one is started over.
set -eu

VERSION=4.100.3
HOME_DIR="${BERTH_CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/code-server-$VERSION}"
MARK="$HOME_DIR/.berth-installed-$VERSION"

if [ -f "$MARK" ]; then
  echo "code-server $VERSION: already installed in $HOME_DIR"
  exit 0
fi

RG="$(command -v rg || true)"
if [ -z "$RG" ]; then
  echo "install-code-server: ripgrep (rg) is not installed: apt-get install ripgrep" >&2
  exit 1
fi
case "$(node --version)" in
  v20.*) ;;
  *) echo "install-code-server: code-server $VERSION needs Node.js 20, not $(node --version)" >&2; exit 1 ;;
esac

start=$(date +%s)
rm -rf "$HOME_DIR"
mkdir -p "$HOME_DIR"
cd "$HOME_DIR"
printf '{ "private": true }\n' > package.json
quiet="--ignore-scripts --no-audit --no-fund --loglevel=error"

# shellcheck disable=SC2086 # $quiet is a list of options
npm install $quiet --no-save "code-server@$VERSION" >/dev/null
# node-pre-gyp (argon2's installer) downloads a prebuilt binary unless told to build from source.
npm_config_build_from_source=true npm rebuild --loglevel=error argon2 >/dev/null

cd node_modules/code-server/lib/vscode
# shellcheck disable=SC2086
npm install $quiet --omit=dev >/dev/null
JOBS=max npm rebuild --loglevel=error @vscode/spdlog native-watchdog >/dev/null

mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$RG" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh

touch "$MARK"
echo "code-server $VERSION: installed in $HOME_DIR in $(($(date +%s) - start)) s"
