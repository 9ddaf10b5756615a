import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '../entities/user.entity';

const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** How a requester is reached: a phone number and a room and floor (empty strings clear them). */
export class UserContactDto {
  @ApiPropertyOptional({ example: '0812-3456-7890', nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @Matches(/^(\+?[0-9][0-9 ().-]{4,28})?$/, {
    message: 'phone must be a phone number of 5 to 30 digits, spaces, +, -, ( or )',
  })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'Ruang Arsip 2.04', nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'locationRoom must be text' })
  @MaxLength(100, { message: 'locationRoom must be at most 100 characters' })
  locationRoom?: string | null;

  @ApiPropertyOptional({ example: '2', nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'locationFloor must be text' })
  @MaxLength(30, { message: 'locationFloor must be at most 30 characters' })
  locationFloor?: string | null;
}

export class CreateUserDto extends UserContactDto {
  @ApiProperty({ example: 'Siti Rahmah' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'siti@banjarkab.go.id' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ example: '198703152010012003', description: 'Nomor Induk Pegawai: 18 digits' })
  @IsOptional()
  @Matches(/^\d{18}$/, { message: 'nip must be exactly 18 digits' })
  nip?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `roles must each be one of ${Object.values(Role).join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'teamIds must each be a UUID' })
  teamIds?: string[];

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'en'])
  locale?: string;
}

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const)) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
