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
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATABASE_PATH=/app/data/hallway.sqlite \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# Fails fast on broken knowledge files before the bot starts.
RUN node dist/src/cli/check.js --knowledge /app/knowledge
CMD ["node", "dist/adapters/main.js"]
