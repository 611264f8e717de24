global using Shouldly;
global using Xunit;
global using PipelineGuard.Model;
global using PipelineGuard.Policy;
global using PipelineGuard.PolicyLoading;
