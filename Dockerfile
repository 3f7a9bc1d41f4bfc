# syntax=docker/dockerfile:1
# feedback360's production image. The default command serves the site with
# gunicorn; docker-compose.yml runs the worker, beat and migrations from the
# same image with other commands. See docs/production.md.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PORT=8000

# tzdata: zoneinfo needs the time zone database for TIME_ZONE, and newer slim
# images no longer ship it. The app runs as an unprivileged user of its own.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 feedback360 \
    && useradd --system --uid 10001 --gid feedback360 --create-home \
        --home-dir /home/feedback360 --shell /usr/sbin/nologin feedback360

# Dependencies before the code, so that a code change reuses this layer.
# Wheels only (psycopg[binary] included): the image needs no compiler.
COPY requirements.txt /app/requirements.txt
RUN python -m venv /opt/venv \
    && pip install --only-binary=:all: -r /app/requirements.txt

WORKDIR /app
COPY . /app

# Static files are collected here, once, hashed and compressed for WhiteNoise.
# With DEBUG off the settings refuse to load without a SECRET_KEY; this
# throwaway value exists for this one command only and is not part of the
# image's environment (the real key comes from .env at run time).
# The code stays owned by root (read-only for the app); only var/ (the outbox
# when no SMTP server is set) and /var/lib/feedback360 (beat's schedule) are
# writable.
RUN DEBUG=false SECRET_KEY=collectstatic-at-build-time-only \
        python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q feedback360 surveys reports \
    && mkdir -p /app/var /var/lib/feedback360 \
    && chown feedback360:feedback360 /app/var /var/lib/feedback360

USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "feedback360.wsgi"]
