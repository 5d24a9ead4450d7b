# Hallway: build once, run the bot. The image runs exactly what `npm start` runs.
# Build stage: native modules (better-sqlite3) compile here, so it has the toolchain.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY bench ./bench
# `npm ci` installs from the lock file and runs `prepare`, which compiles TypeScript to dist/.
RUN npm ci && npm prune --omit=dev

# Run stage: no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim
# HEALTH_PORT serves /healthz, /readyz and /metrics in Socket Mode and on Discord;
# in Slack HTTP mode they are on PORT beside /slack/events.
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATABASE_PATH=/app/data/hallway.sqlite \
    PORT=3000 \
    HEALTH_PORT=9090
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
# Fails fast on broken knowledge files before the bot starts.
RUN node dist/src/cli/check.js --knowledge /app/knowledge \
 && mkdir -p /app/data && chown node:node /app/data
USER node
# The knowledge is a volume: mount your own folder over it (-v "$PWD/knowledge:/app/knowledge:ro").
VOLUME ["/app/knowledge", "/app/data"]
EXPOSE 3000 9090
# Alive when either port answers /healthz (PORT in Slack HTTP mode, HEALTH_PORT otherwise). No curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const ports=[process.env.PORT,process.env.HEALTH_PORT].filter(Boolean);Promise.any(ports.map(p=>fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>{if(!r.ok)throw r.status}))).then(()=>process.exit(0),()=>process.exit(1))"]
# node directly, not npm: npm does not forward SIGTERM, and the bot must see it to shut down cleanly.
CMD ["node", "dist/adapters/main.js"]
