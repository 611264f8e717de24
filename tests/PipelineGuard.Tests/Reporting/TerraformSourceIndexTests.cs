using PipelineGuard.Terraform;

namespace PipelineGuard.Tests.Reporting;

public class TerraformSourceIndexTests
{
    private static readonly TerraformSourceIndex Index = TerraformSourceIndex.FromFiles(
    [
        ("live/prod/main.tf", """
            terraform {
              backend "s3" {}
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
            }

            module "network" {
              source  = "../../modules/network"
              cidr    = "10.0.0.0/16"
            }

            module "eks" {
              source  = "terraform-aws-modules/eks/aws"
              version = "~> 20.0"
            }

            data "aws_caller_identity" "current" {}
            """),
        ("modules/network/vpc.tf", """
            module "subnets" {
              source = "./subnets"
            }

            resource "aws_vpc" "this" {
              cidr_block = var.cidr
            }
            """),
        ("modules/network/subnets/main.tf", """
            variable "x" {}

            resource aws_subnet private {
              count = 3
            }
            """),
    ]);

    [Fact]
    public void A_root_resource_maps_to_its_block_line()
    {
        Index.Locate("aws_db_instance.main").ShouldBe(new TerraformSource("live/prod/main.tf", 5));
    }

    [Fact]
    public void A_resource_in_nested_local_modules_maps_through_each_module_source()
    {
        Index.Locate("module.network.aws_vpc.this").ShouldBe(new TerraformSource("modules/network/vpc.tf", 5));
        Index.Locate("module.network.module.subnets.aws_subnet.private[2]").ShouldBe(new TerraformSource("modules/network/subnets/main.tf", 3));
    }

    [Fact]
    public void Instance_keys_with_dots_and_brackets_do_not_confuse_the_address()
    {
        Index.Locate("module.network[\"eu.west\"].aws_vpc.this").ShouldBe(new TerraformSource("modules/network/vpc.tf", 5));
    }

    [Fact]
    public void A_resource_inside_a_registry_module_is_placed_on_the_module_call()
    {
        Index.Locate("module.eks.aws_eks_cluster.this[0]").ShouldBe(new TerraformSource("live/prod/main.tf", 14));
    }

    [Fact]
    public void Data_sources_map_to_data_blocks_and_unknown_addresses_to_nothing()
    {
        Index.Locate("data.aws_caller_identity.current").ShouldBe(new TerraformSource("live/prod/main.tf", 19));
        Index.Locate("aws_db_instance.orders").ShouldBeNull();
    }

    [Fact]
    public void When_several_root_modules_declare_an_address_the_one_beside_the_plan_wins_and_otherwise_none()
    {
        var index = TerraformSourceIndex.FromFiles(
        [
            ("live/prod/main.tf", "resource \"aws_db_instance\" \"main\" {\n}\n"),
            ("live/staging/main.tf", "\nresource \"aws_db_instance\" \"main\" {\n}\n"),
        ]).WithPlanFolders(new Dictionary<string, string> { ["live/staging/plan.json"] = "live/staging", ["plans/prod.json"] = "plans" });
        index.Locate("aws_db_instance.main", "live/staging/plan.json").ShouldBe(new TerraformSource("live/staging/main.tf", 2));
        index.Locate("aws_db_instance.main", "plans/prod.json").ShouldBeNull();
        index.Locate("aws_db_instance.main").ShouldBeNull();
    }

    [Fact]
    public void Paths_carry_the_source_root_as_given()
    {
        var index = TerraformSourceIndex.FromFiles([("main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n}\n")], "infra");
        index.Locate("aws_s3_bucket.logs").ShouldBe(new TerraformSource("infra/main.tf", 1));
    }

    [Fact]
    public void Scanning_a_folder_skips_the_terraform_cache()
    {
        var dir = Directory.CreateTempSubdirectory("pg-tf-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, ".terraform", "modules", "x"));
            File.WriteAllText(Path.Combine(dir.FullName, ".terraform", "modules", "x", "main.tf"), "resource \"aws_s3_bucket\" \"logs\" {\n}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "s3.tf"), "\n\nresource \"aws_s3_bucket\" \"logs\" {\n}\n");
            TerraformSourceIndex.Scan(dir.FullName, "").Locate("aws_s3_bucket.logs").ShouldBe(new TerraformSource("s3.tf", 3));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Scanning_a_folder_enters_no_build_output_or_dependency_folder_at_any_depth_but_scans_folders_that_only_share_a_prefix()
    {
        var dir = Directory.CreateTempSubdirectory("pg-tf-");
        try
        {
            foreach (var skipped in new[] { "bin", "obj", ".git", "node_modules" })
            {
                var nested = Path.Combine(dir.FullName, "modules", "db", skipped, "x");
                Directory.CreateDirectory(nested);
                File.WriteAllText(Path.Combine(nested, "main.tf"), "resource \"aws_db_instance\" \"main\" {\n}\n");
            }
            Directory.CreateDirectory(Path.Combine(dir.FullName, "binaries"));
            File.WriteAllText(Path.Combine(dir.FullName, "binaries", "main.tf"), "\nresource \"aws_s3_bucket\" \"logs\" {\n}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.tf.bak"), "resource \"aws_s3_bucket\" \"old\" {\n}\n");

            var index = TerraformSourceIndex.Scan(dir.FullName, "");

            index.Locate("aws_db_instance.main").ShouldBeNull();
            index.Locate("aws_s3_bucket.old").ShouldBeNull();
            index.Locate("aws_s3_bucket.logs").ShouldBe(new TerraformSource("binaries/main.tf", 2));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
