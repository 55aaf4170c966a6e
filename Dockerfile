# One image for the api and the worker; docker-compose picks the entry point.
FROM node:24.21-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# The runtime image carries production dependencies only (no compilers, test tools or benchmarks).
FROM node:24.21-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The api prints the board pack to PDF with Debian's headless Chromium (docs/BOARD.md); fonts so it has Arial-like text.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/apps/api/src/main.js"]
