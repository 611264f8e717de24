ALTER TYPE s3region ADD VALUE 'scw-eu-fr-locked';
