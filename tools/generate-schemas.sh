#!/usr/bin/env bash
# Writes schema/*.schema.json anew from the language's definitions (src/MysteryShopper.Core/Scenarios), then rebuilds
# so mshop embeds them. Run it after changing a step, a key or a description; the tests fail until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/MysteryShopper.Tests -c Release --nologo -v quiet
MSHOP_WRITE_SCHEMAS=1 dotnet test tests/MysteryShopper.Tests -c Release --no-build --nologo -v quiet --filter "FullyQualifiedName~SchemaGeneratorTests.CheckedInSchema" >/dev/null || true
dotnet build MysteryShopper.sln -c Release --nologo -v quiet
git status --short schema/
