#!/bin/sh
# Rebuild static/vendor/bootstrap/bootstrap.trimmed.min.css: Bootstrap's CSS cut down to the
# selectors that our templates, crispy-bootstrap5's templates, our Python (widget attributes,
# crispy layouts) and our scripts name. Run it after adding a Bootstrap class anywhere:
#
#     sh bench/trim_bootstrap.sh
#
# PurgeCSS (npm) is installed once into /tmp/purgecss; nothing is added to the project.
set -eu
cd "$(dirname "$0")/.."
PURGECSS_PREFIX=${PURGECSS_PREFIX:-/tmp/purgecss}
[ -x "$PURGECSS_PREFIX/node_modules/.bin/purgecss" ] ||
  npm install --silent --prefix "$PURGECSS_PREFIX" purgecss@8
CRISPY_DIRS=$(.venv/bin/python -c 'import os, crispy_forms, crispy_bootstrap5
print(os.path.dirname(crispy_forms.__file__), os.path.dirname(crispy_bootstrap5.__file__))')
CRISPY_DIRS="$CRISPY_DIRS" "$PURGECSS_PREFIX/node_modules/.bin/purgecss" \
  --config bench/purgecss.config.cjs \
  --output static/vendor/bootstrap/bootstrap.trimmed.min.css
# The full file's source map does not describe the trimmed one.
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' static/vendor/bootstrap/bootstrap.trimmed.min.css
wc -c static/vendor/bootstrap/bootstrap.min.css static/vendor/bootstrap/bootstrap.trimmed.min.css
