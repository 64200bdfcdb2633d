# Career Conversations for Slack: a small, non-root image of `career-bot`.
#   docker build -t career-bot .        (or: podman build -t career-bot .)
# The entrypoint migrates the database before `serve` or `run` (replicas wait for each other);
# compose.yaml runs it in HTTP mode beside Postgres.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[postgres]'

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin careerbot
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index /wheels/*.whl && rm -rf /wheels
COPY deploy/entrypoint.sh /usr/local/bin/career-bot-entrypoint
USER careerbot
WORKDIR /home/careerbot
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["career-bot-entrypoint"]
CMD ["career-bot", "serve", "--host", "0.0.0.0", "--port", "3000"]
