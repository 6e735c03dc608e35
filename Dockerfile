# syntax=docker/dockerfile:1
# Debian-based image on purpose: embedded-postgres' binaries are glibc-linked (no alpine).
ARG BUN_VERSION=1.4.5

FROM oven/bun:${BUN_VERSION}-slim AS deps
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production

FROM oven/bun:${BUN_VERSION}-slim
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY db ./db
COPY src ./src
# The image's unprivileged `bun` user owns only the data folder (used when DATABASE_URL is unset).
RUN mkdir -p .data && chown bun:bun .data
USER bun
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bun", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server applies pending migrations (dbmate, under an advisory lock) before it listens.
CMD ["bun", "src/server.ts"]
