#!/bin/sh
# Runs listingkit's commands on the bundled example data; outputs go to ./listingkit-demo/.
# Each step prints what it does. `check` exits 1 because the example catalogue has problems
# on purpose; the demo carries on and says so.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-listingkit-demo}
mkdir -p "$out"
step() { printf '\n=== %s\n$ %s\n' "$1" "$2"; sh -c "$2"; rc=$?; [ "$rc" -eq 0 ] || echo "(exit code $rc)"; }

step "Marketplaces listingkit knows" "listingkit platforms"
step "Read a catalogue and write it as JSON Lines" \
     "listingkit convert '$here/catalogue.csv' -o '$out/catalogue.jsonl'"
step "Write it as an Amazon inventory flat file" \
     "listingkit convert '$here/catalogue.csv' -o '$out/amazon-upload.txt' --to amazon"
if listingkit check --help >/dev/null 2>&1; then
  step "Check the catalogue against Amazon US rules (exit 1: it has problems on purpose)" \
       "listingkit check '$here/catalogue.csv' --platform amazon-us"
fi
if listingkit keywords --help >/dev/null 2>&1; then
  step "Competitor keywords, and what our listing lacks" \
       "listingkit keywords '$here/competitors.csv' --top 10 --against '$here/my_bottle.csv'"
fi
if listingkit score --help >/dev/null 2>&1; then
  step "Score titles for Amazon US against the competitor bottles" \
       "listingkit score '$here/catalogue.csv' --platform amazon-us --competitors '$here/competitors.csv'"
  step "Optimise titles and search terms, with a diff" \
       "listingkit optimize '$here/catalogue.csv' --platform amazon-us --competitors '$here/competitors.csv' --diff -o '$out/optimised.csv'"
fi
if listingkit generate --help >/dev/null 2>&1; then
  step "Load reviewed translations into the translation memory" \
       "cd '$out' && listingkit tm import '$here/multilingual/translations.tmx'"
  for store in amazon-de amazon-jp; do
    step "Generate $store listings from templates, vocabularies and the memory" \
         "cd '$out' && listingkit generate '$here/multilingual/catalogue.csv' -p $store -o $store.txt"
  done
fi
if listingkit images --help >/dev/null 2>&1; then
  step "Resize product photos for Amazon US, Etsy and Shopify" \
       "listingkit images '$here/photos' --platform amazon-us,etsy,shopify --out '$out/images'"
fi
printf '\nOutputs are in %s/\n' "$out"
