# The GitHub Action's container (action.yml `runs.image: Dockerfile`) and the image Jenkins and other CI
# run: pipeline-guard compiled with Native AOT, one native binary on a minimal base with OpenSSL and CA
# certificates. The runner builds it with the repository root as the context, so any ref works with
# nothing published first. By hand: docker build -t pipeline-guard .
#
# BASE and SDK may name other images (a mirror, or images built locally: action/build-and-run.sh); the
# defaults are Microsoft's. BASE must carry libssl (LibGit2Sharp's native library needs it at run time)
# and CA certificates; runtime-deps does.
ARG BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0

FROM ${SDK} AS build
# Set by the builder (docker buildx, podman) from --platform; AOT compiles for the architecture it runs on.
ARG TARGETARCH
# Native AOT links with clang against zlib; Microsoft's SDK image has neither (its -aot variants do), a
# locally built SDK image may have both already. The runner's build has network for apt and NuGet.
RUN if ! command -v clang >/dev/null || [ ! -e /usr/include/zlib.h ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
# .editorconfig holds the analyzer settings the build enforces (warnings are errors).
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY policies/default/ policies/default/
COPY src/ src/
# NuGetAudit is off because this build may run without network (the vulnerability audit runs in CI's build).
RUN case "${TARGETARCH:-$(uname -m)}" in arm64|aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac \
 && dotnet publish src/PipelineGuard.Cli/PipelineGuard.Cli.csproj -c Release -r "$rid" -p:PublishAot=true \
      -p:NuGetAudit=false -o /out -nologo \
 && rm -f /out/*.dbg \
 && /out/pipeline-guard --version

FROM ${BASE}
# The binary and the native libraries AOT keeps beside it (LibGit2Sharp's libgit2, when referenced).
COPY --from=build /out/ /opt/pipeline-guard/
# No USER and no WORKDIR: the runner runs the container as root with --workdir /github/workspace.
ENV NO_COLOR=1 PATH=/opt/pipeline-guard:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENTRYPOINT ["/opt/pipeline-guard/pipeline-guard", "github-action"]
