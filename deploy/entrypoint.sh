#!/bin/sh
# The container's entrypoint: before the bot serves, bring the database schema up to date.
# Replicas that start together wait for the one migrating (`career-bot db upgrade` takes a
# lock), so none of them races another. Any other command (`career-bot deliveries list`,
# `career-bot --help`, a shell) runs as it is, without touching the database.
set -eu

if [ "${1:-}" = "career-bot" ] && { [ "${2:-}" = "serve" ] || [ "${2:-}" = "run" ]; }; then
    career-bot db upgrade
fi
exec "$@"
