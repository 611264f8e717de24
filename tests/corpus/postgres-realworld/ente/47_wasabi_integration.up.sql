ALTER TYPE s3region ADD VALUE 'wasabi-eu-central-2';
