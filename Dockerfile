# Samling: build on Debian 12, run as an unprivileged user with the database on a volume.
FROM debian:bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ cmake ninja-build libboost1.81-dev nlohmann-json3-dev libsqlite3-dev pkg-config libxlsxwriter-dev libzip-dev \
    nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The client's libraries, pinned by the lock file, are embedded into the binary.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY CMakeLists.txt ./
COPY cmake cmake
COPY core core
COPY protocol protocol
COPY storage storage
COPY server server
COPY web web
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSAMLING_BUILD_TESTS=OFF -DSAMLING_WERROR=OFF -DSAMLING_BUILD_BENCH=OFF \
 && cmake --build build --target samling \
 && strip build/samling

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 libxlsxwriter4 libzip4 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin samling \
 && mkdir -p /data && chown samling:samling /data
COPY --from=build /src/build/samling /usr/local/bin/samling
USER samling
VOLUME ["/data"]
ENV SAMLING_DB=/data/samling.db SAMLING_PORT=8080 SAMLING_BIND=0.0.0.0
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/samling"]
CMD ["serve"]
