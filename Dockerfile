# The web app for docker-compose.yml: Django under gunicorn, with Debian's GDAL/GEOS/PROJ.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin binutils gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput -v0 \
    && DJANGO_SECRET_KEY=build python manage.py compilemessages --ignore .venv -v0
RUN useradd --system app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
# Migrations and reference data run once in the compose file's "migrate" service, not in every web process.
CMD ["sh", "-c", "gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_WORKERS:-3} --access-logfile -"]
