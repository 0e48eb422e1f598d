; ModuleID = 'mlp'
source_filename = "mlp"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%picort_arg = type { i32, i64 }
%picort_launch = type { ptr, ptr, i64, i64, i32, ptr }
%picort_tensor_desc = type { ptr, i32, i32, ptr }
%picort_model_desc = type { i32, ptr, i32, ptr, i32, ptr, i64, ptr, i64, ptr, i32, ptr }
%picort_options = type { i32, ptr }

@mlp.str = private unnamed_addr constant [26 x i8] c"k0__ln_LayerNormalization\00"
@mlp.args = private constant [2 x %picort_arg] [%picort_arg zeroinitializer, %picort_arg { i32 2, i64 0 }]
@mlp.str.1 = private unnamed_addr constant [26 x i8] c"k1__ln_LayerNormalization\00"
@mlp.args.2 = private constant [3 x %picort_arg] [%picort_arg { i32 0, i64 64 }, %picort_arg { i32 2, i64 0 }, %picort_arg zeroinitializer]
@mlp.str.3 = private unnamed_addr constant [26 x i8] c"k2__ln_LayerNormalization\00"
@mlp.args.4 = private constant [6 x %picort_arg] [%picort_arg { i32 0, i64 4096 }, %picort_arg { i32 2, i64 0 }, %picort_arg zeroinitializer, %picort_arg { i32 0, i64 64 }, %picort_arg { i32 1, i64 0 }, %picort_arg { i32 1, i64 256 }]
@mlp.str.5 = private unnamed_addr constant [14 x i8] c"k3__act_Mul_1\00"
@mlp.args.6 = private constant [4 x %picort_arg] [%picort_arg zeroinitializer, %picort_arg { i32 0, i64 4096 }, %picort_arg { i32 1, i64 2304 }, %picort_arg { i32 1, i64 512 }]
@mlp.str.7 = private unnamed_addr constant [13 x i8] c"k4__fc2_Gemm\00"
@mlp.args.8 = private constant [3 x %picort_arg] [%picort_arg { i32 0, i64 4096 }, %picort_arg zeroinitializer, %picort_arg { i32 1, i64 67840 }]
@mlp.str.9 = private unnamed_addr constant [30 x i8] c"k5__ln_out_LayerNormalization\00"
@mlp.args.10 = private constant [4 x %picort_arg] [%picort_arg zeroinitializer, %picort_arg { i32 2, i64 0 }, %picort_arg { i32 0, i64 4096 }, %picort_arg { i32 1, i64 1536 }]
@mlp.str.11 = private unnamed_addr constant [30 x i8] c"k6__ln_out_LayerNormalization\00"
@mlp.args.12 = private constant [5 x %picort_arg] [%picort_arg { i32 0, i64 64 }, %picort_arg { i32 2, i64 0 }, %picort_arg { i32 0, i64 4096 }, %picort_arg { i32 1, i64 1536 }, %picort_arg zeroinitializer]
@mlp.str.13 = private unnamed_addr constant [30 x i8] c"k7__ln_out_LayerNormalization\00"
@mlp.args.14 = private constant [8 x %picort_arg] [%picort_arg { i32 3, i64 0 }, %picort_arg { i32 2, i64 0 }, %picort_arg { i32 0, i64 4096 }, %picort_arg { i32 1, i64 1536 }, %picort_arg zeroinitializer, %picort_arg { i32 0, i64 64 }, %picort_arg { i32 1, i64 1792 }, %picort_arg { i32 1, i64 2048 }]
@mlp.launches = private constant [8 x %picort_launch] [%picort_launch { ptr @mlp.str, ptr @mlp_k0__ln_LayerNormalization, i64 4, i64 4, i32 2, ptr @mlp.args }, %picort_launch { ptr @mlp.str.1, ptr @mlp_k1__ln_LayerNormalization, i64 4, i64 4, i32 3, ptr @mlp.args.2 }, %picort_launch { ptr @mlp.str.3, ptr @mlp_k2__ln_LayerNormalization, i64 4, i64 4, i32 6, ptr @mlp.args.4 }, %picort_launch { ptr @mlp.str.5, ptr @mlp_k3__act_Mul_1, i64 1, i64 1, i32 4, ptr @mlp.args.6 }, %picort_launch { ptr @mlp.str.7, ptr @mlp_k4__fc2_Gemm, i64 1, i64 1, i32 3, ptr @mlp.args.8 }, %picort_launch { ptr @mlp.str.9, ptr @mlp_k5__ln_out_LayerNormalization, i64 4, i64 4, i32 4, ptr @mlp.args.10 }, %picort_launch { ptr @mlp.str.11, ptr @mlp_k6__ln_out_LayerNormalization, i64 4, i64 4, i32 5, ptr @mlp.args.12 }, %picort_launch { ptr @mlp.str.13, ptr @mlp_k7__ln_out_LayerNormalization, i64 4, i64 4, i32 8, ptr @mlp.args.14 }]
@mlp.str.15 = private unnamed_addr constant [4 x i8] c"mlp\00"
@mlp.inputs.shape = private constant [2 x i64] [i64 4, i64 64]
@mlp.str.16 = private unnamed_addr constant [2 x i8] c"x\00"
@mlp.inputs = private constant [1 x %picort_tensor_desc] [%picort_tensor_desc { ptr @mlp.str.16, i32 1, i32 2, ptr @mlp.inputs.shape }]
@mlp.outputs.shape = private constant [2 x i64] [i64 4, i64 64]
@mlp.str.17 = private unnamed_addr constant [2 x i8] c"y\00"
@mlp.outputs = private constant [1 x %picort_tensor_desc] [%picort_tensor_desc { ptr @mlp.str.17, i32 1, i32 2, ptr @mlp.outputs.shape }]
@mlp_desc = constant %picort_model_desc { i32 1, ptr @mlp.str.15, i32 1, ptr @mlp.inputs, i32 1, ptr @mlp.outputs, i64 5120, ptr null, i64 133376, ptr null, i32 8, ptr @mlp.launches }, align 8

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #0

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.vector.reduce.fadd.v8f32(float, <8 x float>) #0

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k0__ln_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !0)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !3)
  %6 = icmp slt i64 %1, %2
  br i1 %6, label %body.i, label %mlp_k0__ln_LayerNormalization.body.exit

loop.loopexit.i:                                  ; preds = %exit11.i, %body.i
  %7 = icmp slt i64 %10, %2
  br i1 %7, label %body.i, label %mlp_k0__ln_LayerNormalization.body.exit

body.i:                                           ; preds = %entry, %loop.loopexit.i
  %iv25.i = phi i64 [ %10, %loop.loopexit.i ], [ %1, %entry ]
  %8 = sub i64 %2, %iv25.i
  %9 = tail call i64 @llvm.smin.i64(i64 %8, i64 1)
  %10 = add i64 %9, %iv25.i
  %11 = icmp sgt i64 %8, 0
  br i1 %11, label %exit11.i, label %loop.loopexit.i

exit11.i:                                         ; preds = %body.i
  %12 = getelementptr float, ptr %3, i64 %iv25.i
  %.idx18.i = shl i64 %iv25.i, 8
  %13 = getelementptr i8, ptr %5, i64 %.idx18.i
  %14 = load <8 x float>, ptr %13, align 4, !alias.scope !3, !noalias !0
  %15 = fadd reassoc contract <8 x float> %14, zeroinitializer
  %16 = getelementptr i8, ptr %13, i64 32
  %17 = load <8 x float>, ptr %16, align 4, !alias.scope !3, !noalias !0
  %18 = fadd reassoc contract <8 x float> %15, %17
  %19 = getelementptr i8, ptr %13, i64 64
  %20 = load <8 x float>, ptr %19, align 4, !alias.scope !3, !noalias !0
  %21 = fadd reassoc contract <8 x float> %18, %20
  %22 = getelementptr i8, ptr %13, i64 96
  %23 = load <8 x float>, ptr %22, align 4, !alias.scope !3, !noalias !0
  %24 = fadd reassoc contract <8 x float> %21, %23
  %25 = getelementptr i8, ptr %13, i64 128
  %26 = load <8 x float>, ptr %25, align 4, !alias.scope !3, !noalias !0
  %27 = fadd reassoc contract <8 x float> %24, %26
  %28 = getelementptr i8, ptr %13, i64 160
  %29 = load <8 x float>, ptr %28, align 4, !alias.scope !3, !noalias !0
  %30 = fadd reassoc contract <8 x float> %27, %29
  %31 = getelementptr i8, ptr %13, i64 192
  %32 = load <8 x float>, ptr %31, align 4, !alias.scope !3, !noalias !0
  %33 = fadd reassoc contract <8 x float> %30, %32
  %34 = getelementptr i8, ptr %13, i64 224
  %35 = load <8 x float>, ptr %34, align 4, !alias.scope !3, !noalias !0
  %36 = fadd reassoc contract <8 x float> %33, %35
  %37 = tail call reassoc contract float @llvm.vector.reduce.fadd.v8f32(float 0.000000e+00, <8 x float> %36)
  store float %37, ptr %12, align 4, !alias.scope !0, !noalias !3
  br label %loop.loopexit.i

mlp_k0__ln_LayerNormalization.body.exit:          ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k1__ln_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !5)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !8)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !10)
  %8 = icmp slt i64 %1, %2
  br i1 %8, label %body.i, label %mlp_k1__ln_LayerNormalization.body.exit

loop.loopexit.i:                                  ; preds = %exit11.i, %body.i
  %9 = icmp slt i64 %12, %2
  br i1 %9, label %body.i, label %mlp_k1__ln_LayerNormalization.body.exit

body.i:                                           ; preds = %entry, %loop.loopexit.i
  %iv26.i = phi i64 [ %12, %loop.loopexit.i ], [ %1, %entry ]
  %10 = sub i64 %2, %iv26.i
  %11 = tail call i64 @llvm.smin.i64(i64 %10, i64 1)
  %12 = add i64 %11, %iv26.i
  %13 = icmp sgt i64 %10, 0
  br i1 %13, label %exit11.i, label %loop.loopexit.i

exit11.i:                                         ; preds = %body.i
  %14 = getelementptr float, ptr %3, i64 %iv26.i
  %.idx18.i = shl i64 %iv26.i, 8
  %15 = getelementptr i8, ptr %5, i64 %.idx18.i
  %16 = load <8 x float>, ptr %15, align 4, !alias.scope !8, !noalias !12
  %17 = getelementptr float, ptr %7, i64 %iv26.i
  %18 = load float, ptr %17, align 4, !alias.scope !10, !noalias !13
  %19 = fmul contract float %18, 1.562500e-02
  %.splatinsert.i = insertelement <8 x float> poison, float %19, i64 0
  %.splat.i = shufflevector <8 x float> %.splatinsert.i, <8 x float> poison, <8 x i32> zeroinitializer
  %20 = fsub contract <8 x float> %16, %.splat.i
  %21 = fmul contract <8 x float> %20, %20
  %22 = getelementptr i8, ptr %15, i64 32
  %23 = load <8 x float>, ptr %22, align 4, !alias.scope !8, !noalias !12
  %24 = fsub contract <8 x float> %23, %.splat.i
  %25 = fmul contract <8 x float> %24, %24
  %26 = fadd reassoc contract <8 x float> %21, %25
  %27 = getelementptr i8, ptr %15, i64 64
  %28 = load <8 x float>, ptr %27, align 4, !alias.scope !8, !noalias !12
  %29 = fsub contract <8 x float> %28, %.splat.i
  %30 = fmul contract <8 x float> %29, %29
  %31 = fadd reassoc contract <8 x float> %30, %26
  %32 = getelementptr i8, ptr %15, i64 96
  %33 = load <8 x float>, ptr %32, align 4, !alias.scope !8, !noalias !12
  %34 = fsub contract <8 x float> %33, %.splat.i
  %35 = fmul contract <8 x float> %34, %34
  %36 = fadd reassoc contract <8 x float> %35, %31
  %37 = getelementptr i8, ptr %15, i64 128
  %38 = load <8 x float>, ptr %37, align 4, !alias.scope !8, !noalias !12
  %39 = fsub contract <8 x float> %38, %.splat.i
  %40 = fmul contract <8 x float> %39, %39
  %41 = fadd reassoc contract <8 x float> %40, %36
  %42 = getelementptr i8, ptr %15, i64 160
  %43 = load <8 x float>, ptr %42, align 4, !alias.scope !8, !noalias !12
  %44 = fsub contract <8 x float> %43, %.splat.i
  %45 = fmul contract <8 x float> %44, %44
  %46 = fadd reassoc contract <8 x float> %45, %41
  %47 = getelementptr i8, ptr %15, i64 192
  %48 = load <8 x float>, ptr %47, align 4, !alias.scope !8, !noalias !12
  %49 = fsub contract <8 x float> %48, %.splat.i
  %50 = fmul contract <8 x float> %49, %49
  %51 = fadd reassoc contract <8 x float> %50, %46
  %52 = getelementptr i8, ptr %15, i64 224
  %53 = load <8 x float>, ptr %52, align 4, !alias.scope !8, !noalias !12
  %54 = fsub contract <8 x float> %53, %.splat.i
  %55 = fmul contract <8 x float> %54, %54
  %56 = fadd reassoc contract <8 x float> %55, %51
  %57 = tail call reassoc contract float @llvm.vector.reduce.fadd.v8f32(float 0.000000e+00, <8 x float> %56)
  store float %57, ptr %14, align 4, !alias.scope !5, !noalias !14
  br label %loop.loopexit.i

mlp_k1__ln_LayerNormalization.body.exit:          ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.sqrt.f32(float) #0

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k2__ln_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 24
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr i8, ptr %0, i64 32
  %11 = load ptr, ptr %10, align 8
  %12 = getelementptr i8, ptr %0, i64 40
  %13 = load ptr, ptr %12, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !15)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !18)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !20)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !22)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !24)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !26)
  %14 = icmp slt i64 %1, %2
  br i1 %14, label %body.preheader.i, label %mlp_k2__ln_LayerNormalization.body.exit

body.preheader.i:                                 ; preds = %entry
  %.phi.trans.insert.i = getelementptr i8, ptr %13, i64 32
  %.phi.trans.insert20.i = getelementptr i8, ptr %11, i64 32
  %.phi.trans.insert22.i = getelementptr i8, ptr %13, i64 64
  %.phi.trans.insert24.i = getelementptr i8, ptr %11, i64 64
  %.phi.trans.insert26.i = getelementptr i8, ptr %13, i64 96
  %.phi.trans.insert28.i = getelementptr i8, ptr %11, i64 96
  %.phi.trans.insert30.i = getelementptr i8, ptr %13, i64 128
  %.phi.trans.insert32.i = getelementptr i8, ptr %11, i64 128
  %.phi.trans.insert34.i = getelementptr i8, ptr %13, i64 160
  %.phi.trans.insert36.i = getelementptr i8, ptr %11, i64 160
  %.phi.trans.insert38.i = getelementptr i8, ptr %13, i64 192
  %.phi.trans.insert40.i = getelementptr i8, ptr %11, i64 192
  %.phi.trans.insert42.i = getelementptr i8, ptr %13, i64 224
  %.phi.trans.insert44.i = getelementptr i8, ptr %11, i64 224
  br label %body.i

loop.loopexit.i:                                  ; preds = %exit13.i, %body.i
  %15 = icmp slt i64 %19, %2
  br i1 %15, label %body.i, label %mlp_k2__ln_LayerNormalization.body.exit

body.i:                                           ; preds = %loop.loopexit.i, %body.preheader.i
  %iv19.i = phi i64 [ %19, %loop.loopexit.i ], [ %1, %body.preheader.i ]
  %16 = sub i64 %2, %iv19.i
  %17 = sub i64 4, %iv19.i
  %18 = tail call i64 @llvm.smin.i64(i64 %17, i64 %16)
  %19 = add i64 %18, %iv19.i
  %20 = tail call i64 @llvm.smin.i64(i64 %19, i64 4)
  %21 = icmp slt i64 %iv19.i, %20
  br i1 %21, label %loop5.preheader.preheader.i, label %loop.loopexit.i

loop5.preheader.preheader.i:                      ; preds = %body.i
  %.pre.i = load <8 x float>, ptr %.phi.trans.insert.i, align 4, !alias.scope !26, !noalias !28
  %.pre21.i = load <8 x float>, ptr %.phi.trans.insert20.i, align 4, !alias.scope !24, !noalias !29
  %.pre23.i = load <8 x float>, ptr %.phi.trans.insert22.i, align 4, !alias.scope !26, !noalias !28
  %.pre25.i = load <8 x float>, ptr %.phi.trans.insert24.i, align 4, !alias.scope !24, !noalias !29
  %.pre27.i = load <8 x float>, ptr %.phi.trans.insert26.i, align 4, !alias.scope !26, !noalias !28
  %.pre29.i = load <8 x float>, ptr %.phi.trans.insert28.i, align 4, !alias.scope !24, !noalias !29
  %.pre31.i = load <8 x float>, ptr %.phi.trans.insert30.i, align 4, !alias.scope !26, !noalias !28
  %.pre33.i = load <8 x float>, ptr %.phi.trans.insert32.i, align 4, !alias.scope !24, !noalias !29
  %.pre35.i = load <8 x float>, ptr %.phi.trans.insert34.i, align 4, !alias.scope !26, !noalias !28
  %.pre37.i = load <8 x float>, ptr %.phi.trans.insert36.i, align 4, !alias.scope !24, !noalias !29
  %.pre39.i = load <8 x float>, ptr %.phi.trans.insert38.i, align 4, !alias.scope !26, !noalias !28
  %.pre41.i = load <8 x float>, ptr %.phi.trans.insert40.i, align 4, !alias.scope !24, !noalias !29
  %.pre43.i = load <8 x float>, ptr %.phi.trans.insert42.i, align 4, !alias.scope !26, !noalias !28
  %.pre45.i = load <8 x float>, ptr %.phi.trans.insert44.i, align 4, !alias.scope !24, !noalias !29
  %22 = load <8 x float>, ptr %13, align 4, !alias.scope !26, !noalias !28
  %23 = load <8 x float>, ptr %11, align 4, !alias.scope !24, !noalias !29
  br label %exit13.i

exit13.i:                                         ; preds = %exit13.i, %loop5.preheader.preheader.i
  %iv418.i = phi i64 [ %97, %exit13.i ], [ %iv19.i, %loop5.preheader.preheader.i ]
  %24 = getelementptr float, ptr %9, i64 %iv418.i
  %25 = load float, ptr %24, align 4, !alias.scope !22, !noalias !30
  %26 = fmul contract float %25, 1.562500e-02
  %27 = fadd contract float %26, 0x3EE4F8B580000000
  %28 = tail call contract float @llvm.sqrt.f32(float %27)
  %29 = fdiv contract float 1.000000e+00, %28
  %.splatinsert.i = insertelement <8 x float> poison, float %29, i64 0
  %.splat.i = shufflevector <8 x float> %.splatinsert.i, <8 x float> poison, <8 x i32> zeroinitializer
  %30 = getelementptr float, ptr %7, i64 %iv418.i
  %31 = load float, ptr %30, align 4, !alias.scope !20, !noalias !31
  %32 = fmul contract float %31, 1.562500e-02
  %.splatinsert9.i = insertelement <8 x float> poison, float %32, i64 0
  %.splat10.i = shufflevector <8 x float> %.splatinsert9.i, <8 x float> poison, <8 x i32> zeroinitializer
  %33 = shl i64 %iv418.i, 6
  %34 = getelementptr float, ptr %5, i64 %33
  %35 = load <8 x float>, ptr %34, align 4, !alias.scope !18, !noalias !32
  %36 = fsub contract <8 x float> %35, %.splat10.i
  %37 = fmul contract <8 x float> %36, %.splat.i
  %38 = fmul contract <8 x float> %23, %37
  %39 = fadd contract <8 x float> %22, %38
  %40 = getelementptr float, ptr %3, i64 %33
  store <8 x float> %39, ptr %40, align 4, !alias.scope !15, !noalias !33
  %41 = or disjoint i64 %33, 8
  %42 = getelementptr float, ptr %5, i64 %41
  %43 = load <8 x float>, ptr %42, align 4, !alias.scope !18, !noalias !32
  %44 = fsub contract <8 x float> %43, %.splat10.i
  %45 = fmul contract <8 x float> %44, %.splat.i
  %46 = fmul contract <8 x float> %.pre21.i, %45
  %47 = fadd contract <8 x float> %.pre.i, %46
  %48 = getelementptr float, ptr %3, i64 %41
  store <8 x float> %47, ptr %48, align 4, !alias.scope !15, !noalias !33
  %49 = or disjoint i64 %33, 16
  %50 = getelementptr float, ptr %5, i64 %49
  %51 = load <8 x float>, ptr %50, align 4, !alias.scope !18, !noalias !32
  %52 = fsub contract <8 x float> %51, %.splat10.i
  %53 = fmul contract <8 x float> %.splat.i, %52
  %54 = fmul contract <8 x float> %.pre25.i, %53
  %55 = fadd contract <8 x float> %.pre23.i, %54
  %56 = getelementptr float, ptr %3, i64 %49
  store <8 x float> %55, ptr %56, align 4, !alias.scope !15, !noalias !33
  %57 = or disjoint i64 %33, 24
  %58 = getelementptr float, ptr %5, i64 %57
  %59 = load <8 x float>, ptr %58, align 4, !alias.scope !18, !noalias !32
  %60 = fsub contract <8 x float> %59, %.splat10.i
  %61 = fmul contract <8 x float> %.splat.i, %60
  %62 = fmul contract <8 x float> %.pre29.i, %61
  %63 = fadd contract <8 x float> %.pre27.i, %62
  %64 = getelementptr float, ptr %3, i64 %57
  store <8 x float> %63, ptr %64, align 4, !alias.scope !15, !noalias !33
  %65 = or disjoint i64 %33, 32
  %66 = getelementptr float, ptr %5, i64 %65
  %67 = load <8 x float>, ptr %66, align 4, !alias.scope !18, !noalias !32
  %68 = fsub contract <8 x float> %67, %.splat10.i
  %69 = fmul contract <8 x float> %.splat.i, %68
  %70 = fmul contract <8 x float> %.pre33.i, %69
  %71 = fadd contract <8 x float> %.pre31.i, %70
  %72 = getelementptr float, ptr %3, i64 %65
  store <8 x float> %71, ptr %72, align 4, !alias.scope !15, !noalias !33
  %73 = or disjoint i64 %33, 40
  %74 = getelementptr float, ptr %5, i64 %73
  %75 = load <8 x float>, ptr %74, align 4, !alias.scope !18, !noalias !32
  %76 = fsub contract <8 x float> %75, %.splat10.i
  %77 = fmul contract <8 x float> %.splat.i, %76
  %78 = fmul contract <8 x float> %.pre37.i, %77
  %79 = fadd contract <8 x float> %.pre35.i, %78
  %80 = getelementptr float, ptr %3, i64 %73
  store <8 x float> %79, ptr %80, align 4, !alias.scope !15, !noalias !33
  %81 = or disjoint i64 %33, 48
  %82 = getelementptr float, ptr %5, i64 %81
  %83 = load <8 x float>, ptr %82, align 4, !alias.scope !18, !noalias !32
  %84 = fsub contract <8 x float> %83, %.splat10.i
  %85 = fmul contract <8 x float> %.splat.i, %84
  %86 = fmul contract <8 x float> %.pre41.i, %85
  %87 = fadd contract <8 x float> %.pre39.i, %86
  %88 = getelementptr float, ptr %3, i64 %81
  store <8 x float> %87, ptr %88, align 4, !alias.scope !15, !noalias !33
  %89 = or disjoint i64 %33, 56
  %90 = getelementptr float, ptr %5, i64 %89
  %91 = load <8 x float>, ptr %90, align 4, !alias.scope !18, !noalias !32
  %92 = fsub contract <8 x float> %91, %.splat10.i
  %93 = fmul contract <8 x float> %.splat.i, %92
  %94 = fmul contract <8 x float> %.pre45.i, %93
  %95 = fadd contract <8 x float> %.pre43.i, %94
  %96 = getelementptr float, ptr %3, i64 %89
  store <8 x float> %95, ptr %96, align 4, !alias.scope !15, !noalias !33
  %97 = add nsw i64 %iv418.i, 1
  %exitcond.not.i = icmp eq i64 %97, %20
  br i1 %exitcond.not.i, label %loop.loopexit.i, label %exit13.i

mlp_k2__ln_LayerNormalization.body.exit:          ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.fabs.v16f32(<16 x float>) #0

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.copysign.v16f32(<16 x float>, <16 x float>) #0

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k3__act_Mul_1(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 24
  %9 = load ptr, ptr %8, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !34)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !37)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !39)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !41)
  %10 = icmp slt i64 %1, %2
  br i1 %10, label %body.i, label %mlp_k3__act_Mul_1.body.exit

loop.loopexit.i:                                  ; preds = %exit43.i, %loop27.preheader.i
  %11 = icmp slt i64 %16, %2
  br i1 %11, label %body.i, label %mlp_k3__act_Mul_1.body.exit

body.i:                                           ; preds = %entry, %loop.loopexit.i
  %iv107.i = phi i64 [ %16, %loop.loopexit.i ], [ %1, %entry ]
  %12 = shl i64 %iv107.i, 2
  %13 = sub i64 %2, %iv107.i
  %14 = sub i64 1, %iv107.i
  %15 = tail call i64 @llvm.smin.i64(i64 %14, i64 %13)
  %16 = add i64 %15, %iv107.i
  %17 = shl i64 %16, 2
  %18 = tail call i64 @llvm.smin.i64(i64 %17, i64 4)
  %19 = add i64 %12, 4
  %.not98.i = icmp sgt i64 %19, %18
  br i1 %.not98.i, label %loop27.preheader.i, label %loop5.preheader.i

loop1.loopexit.i:                                 ; preds = %exit11.i
  %20 = add nsw i64 %22, 4
  %.not.i = icmp sgt i64 %20, %18
  br i1 %.not.i, label %loop27.preheader.i, label %loop5.preheader.i

loop27.preheader.i:                               ; preds = %loop1.loopexit.i, %body.i
  %iv4.lcssa.i = phi i64 [ %12, %body.i ], [ %22, %loop1.loopexit.i ]
  %21 = icmp slt i64 %iv4.lcssa.i, %18
  br i1 %21, label %loop31.preheader.i, label %loop.loopexit.i

loop5.preheader.i:                                ; preds = %body.i, %loop1.loopexit.i
  %22 = phi i64 [ %20, %loop1.loopexit.i ], [ %19, %body.i ]
  %iv499.i = phi i64 [ %22, %loop1.loopexit.i ], [ %12, %body.i ]
  %23 = shl i64 %iv499.i, 6
  %.idx84.i = shl i64 %iv499.i, 10
  %24 = getelementptr i8, ptr %3, i64 %.idx84.i
  %25 = shl i64 %iv499.i, 8
  %26 = or disjoint i64 %25, 256
  %27 = getelementptr float, ptr %3, i64 %26
  %28 = or disjoint i64 %25, 512
  %29 = getelementptr float, ptr %3, i64 %28
  %30 = or disjoint i64 %25, 768
  %31 = getelementptr float, ptr %3, i64 %30
  br label %loop9.preheader.i

loop9.preheader.i:                                ; preds = %exit11.i, %loop5.preheader.i
  %32 = phi i64 [ 16, %loop5.preheader.i ], [ %430, %exit11.i ]
  %iv891.i = phi i64 [ 0, %loop5.preheader.i ], [ %32, %exit11.i ]
  %33 = getelementptr float, ptr %7, i64 %iv891.i
  br label %body10.i

body10.i:                                         ; preds = %body10.i, %loop9.preheader.i
  %iv1290.i = phi i64 [ 0, %loop9.preheader.i ], [ %79, %body10.i ]
  %.089.i = phi <16 x float> [ zeroinitializer, %loop9.preheader.i ], [ %63, %body10.i ]
  %.06788.i = phi <16 x float> [ zeroinitializer, %loop9.preheader.i ], [ %68, %body10.i ]
  %.06887.i = phi <16 x float> [ zeroinitializer, %loop9.preheader.i ], [ %73, %body10.i ]
  %.06986.i = phi <16 x float> [ zeroinitializer, %loop9.preheader.i ], [ %78, %body10.i ]
  %.idx85.i = shl nuw nsw i64 %iv1290.i, 10
  %34 = getelementptr i8, ptr %33, i64 %.idx85.i
  %35 = load <16 x float>, ptr %34, align 4, !alias.scope !39, !noalias !43
  %36 = add nuw nsw i64 %iv1290.i, %23
  %37 = getelementptr float, ptr %5, i64 %36
  %38 = load float, ptr %37, align 4, !alias.scope !37, !noalias !44
  %.splatinsert.i = insertelement <16 x float> poison, float %38, i64 0
  %.splat.i = shufflevector <16 x float> %.splatinsert.i, <16 x float> poison, <16 x i32> zeroinitializer
  %39 = fmul contract <16 x float> %35, %.splat.i
  %40 = fadd reassoc contract <16 x float> %.089.i, %39
  %41 = or disjoint i64 %36, 64
  %42 = getelementptr float, ptr %5, i64 %41
  %43 = load float, ptr %42, align 4, !alias.scope !37, !noalias !44
  %.splatinsert13.i = insertelement <16 x float> poison, float %43, i64 0
  %.splat14.i = shufflevector <16 x float> %.splatinsert13.i, <16 x float> poison, <16 x i32> zeroinitializer
  %44 = fmul contract <16 x float> %35, %.splat14.i
  %45 = fadd reassoc contract <16 x float> %.06788.i, %44
  %46 = or disjoint i64 %36, 128
  %47 = getelementptr float, ptr %5, i64 %46
  %48 = load float, ptr %47, align 4, !alias.scope !37, !noalias !44
  %.splatinsert15.i = insertelement <16 x float> poison, float %48, i64 0
  %.splat16.i = shufflevector <16 x float> %.splatinsert15.i, <16 x float> poison, <16 x i32> zeroinitializer
  %49 = fmul contract <16 x float> %35, %.splat16.i
  %50 = fadd reassoc contract <16 x float> %.06887.i, %49
  %51 = or disjoint i64 %36, 192
  %52 = getelementptr float, ptr %5, i64 %51
  %53 = load float, ptr %52, align 4, !alias.scope !37, !noalias !44
  %.splatinsert17.i = insertelement <16 x float> poison, float %53, i64 0
  %.splat18.i = shufflevector <16 x float> %.splatinsert17.i, <16 x float> poison, <16 x i32> zeroinitializer
  %54 = fmul contract <16 x float> %35, %.splat18.i
  %55 = fadd reassoc contract <16 x float> %.06986.i, %54
  %56 = or disjoint i64 %iv1290.i, 1
  %.idx85.i.1 = shl nuw nsw i64 %56, 10
  %57 = getelementptr i8, ptr %33, i64 %.idx85.i.1
  %58 = load <16 x float>, ptr %57, align 4, !alias.scope !39, !noalias !43
  %59 = add nuw nsw i64 %56, %23
  %60 = getelementptr float, ptr %5, i64 %59
  %61 = load float, ptr %60, align 4, !alias.scope !37, !noalias !44
  %.splatinsert.i.1 = insertelement <16 x float> poison, float %61, i64 0
  %.splat.i.1 = shufflevector <16 x float> %.splatinsert.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %62 = fmul contract <16 x float> %58, %.splat.i.1
  %63 = fadd reassoc contract <16 x float> %40, %62
  %64 = or disjoint i64 %59, 64
  %65 = getelementptr float, ptr %5, i64 %64
  %66 = load float, ptr %65, align 4, !alias.scope !37, !noalias !44
  %.splatinsert13.i.1 = insertelement <16 x float> poison, float %66, i64 0
  %.splat14.i.1 = shufflevector <16 x float> %.splatinsert13.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %67 = fmul contract <16 x float> %58, %.splat14.i.1
  %68 = fadd reassoc contract <16 x float> %45, %67
  %69 = or disjoint i64 %59, 128
  %70 = getelementptr float, ptr %5, i64 %69
  %71 = load float, ptr %70, align 4, !alias.scope !37, !noalias !44
  %.splatinsert15.i.1 = insertelement <16 x float> poison, float %71, i64 0
  %.splat16.i.1 = shufflevector <16 x float> %.splatinsert15.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %72 = fmul contract <16 x float> %58, %.splat16.i.1
  %73 = fadd reassoc contract <16 x float> %50, %72
  %74 = or disjoint i64 %59, 192
  %75 = getelementptr float, ptr %5, i64 %74
  %76 = load float, ptr %75, align 4, !alias.scope !37, !noalias !44
  %.splatinsert17.i.1 = insertelement <16 x float> poison, float %76, i64 0
  %.splat18.i.1 = shufflevector <16 x float> %.splatinsert17.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %77 = fmul contract <16 x float> %58, %.splat18.i.1
  %78 = fadd reassoc contract <16 x float> %55, %77
  %79 = add nuw nsw i64 %iv1290.i, 2
  %exitcond.not.i.1 = icmp eq i64 %79, 64
  br i1 %exitcond.not.i.1, label %exit11.i, label %body10.i

exit11.i:                                         ; preds = %body10.i
  %80 = getelementptr float, ptr %9, i64 %iv891.i
  %81 = load <16 x float>, ptr %80, align 4, !alias.scope !41, !noalias !45
  %82 = fadd contract <16 x float> %63, %81
  %83 = fdiv contract <16 x float> %82, <float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000>
  %84 = tail call contract <16 x float> @llvm.fabs.v16f32(<16 x float> %83)
  %85 = fmul contract <16 x float> %83, %83
  %86 = fmul contract <16 x float> %85, <float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000>
  %87 = fsub contract <16 x float> <float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000>, %86
  %88 = fmul contract <16 x float> %85, %87
  %89 = fadd contract <16 x float> %88, <float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000>
  %90 = fmul contract <16 x float> %85, %89
  %91 = fadd contract <16 x float> %90, <float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000>
  %92 = fmul contract <16 x float> %85, %91
  %93 = fadd contract <16 x float> %92, <float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000>
  %94 = fmul contract <16 x float> %85, %93
  %95 = fadd contract <16 x float> %94, <float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000>
  %96 = fmul contract <16 x float> %85, %95
  %97 = fadd contract <16 x float> %96, <float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000>
  %98 = fmul contract <16 x float> %85, %97
  %99 = fadd contract <16 x float> %98, <float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000>
  %100 = fmul contract <16 x float> %83, %99
  %101 = fmul contract <16 x float> %84, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %102 = fadd contract <16 x float> %101, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %103 = fdiv contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %102
  %104 = fmul contract <16 x float> %103, <float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000>
  %105 = fadd contract <16 x float> %104, <float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000>
  %106 = fmul contract <16 x float> %103, %105
  %107 = fadd contract <16 x float> %106, <float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000>
  %108 = fmul contract <16 x float> %103, %107
  %109 = fadd contract <16 x float> %108, <float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000>
  %110 = fmul contract <16 x float> %103, %109
  %111 = fadd contract <16 x float> %110, <float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000>
  %112 = fmul contract <16 x float> %103, %111
  %113 = fadd contract <16 x float> %112, <float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000>
  %114 = fmul contract <16 x float> %103, %113
  %115 = fadd contract <16 x float> %114, <float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000>
  %116 = fmul contract <16 x float> %103, %115
  %117 = fadd contract <16 x float> %116, <float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000>
  %118 = fmul contract <16 x float> %103, %117
  %119 = fadd contract <16 x float> %118, <float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000>
  %120 = fmul contract <16 x float> %103, %119
  %121 = fadd contract <16 x float> %120, <float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000>
  %122 = fsub contract <16 x float> %121, %85
  %123 = fcmp contract ogt <16 x float> %122, <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>
  %124 = select contract <16 x i1> %123, <16 x float> <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>, <16 x float> %122
  %125 = fcmp contract olt <16 x float> %124, <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>
  %126 = select contract <16 x i1> %125, <16 x float> <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>, <16 x float> %124
  %127 = fmul contract <16 x float> %126, <float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000>
  %128 = fadd contract <16 x float> %127, <float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000>
  %129 = fadd contract <16 x float> %128, <float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000>
  %130 = bitcast <16 x float> %128 to <16 x i32>
  %131 = add <16 x i32> %130, <i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504>
  %132 = fmul contract <16 x float> %129, <float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000>
  %133 = fsub contract <16 x float> %126, %132
  %134 = fmul contract <16 x float> %129, <float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000>
  %135 = fadd contract <16 x float> %134, %133
  %136 = fmul contract <16 x float> %135, <float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000>
  %137 = fadd contract <16 x float> %136, <float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000>
  %138 = fmul contract <16 x float> %135, %137
  %139 = fadd contract <16 x float> %138, <float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000>
  %140 = fmul contract <16 x float> %135, %139
  %141 = fadd contract <16 x float> %140, <float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000>
  %142 = fmul contract <16 x float> %135, %141
  %143 = fadd contract <16 x float> %142, <float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000>
  %144 = fmul contract <16 x float> %135, %143
  %145 = fadd contract <16 x float> %144, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %146 = fmul contract <16 x float> %135, %135
  %147 = fmul contract <16 x float> %146, %145
  %148 = fadd contract <16 x float> %135, %147
  %149 = fadd contract <16 x float> %148, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %150 = ashr <16 x i32> %131, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %151 = sub <16 x i32> %130, %150
  %152 = shl <16 x i32> %151, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %153 = add <16 x i32> %152, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %154 = bitcast <16 x i32> %153 to <16 x float>
  %155 = shl <16 x i32> %150, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %156 = add <16 x i32> %155, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %157 = bitcast <16 x i32> %156 to <16 x float>
  %158 = fmul contract <16 x float> %149, %157
  %159 = fmul contract <16 x float> %158, %154
  %160 = fmul contract <16 x float> %103, %159
  %161 = fsub contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %160
  %162 = tail call contract <16 x float> @llvm.copysign.v16f32(<16 x float> %161, <16 x float> %83)
  %163 = fcmp contract olt <16 x float> %84, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %164 = select contract <16 x i1> %163, <16 x float> %100, <16 x float> %162
  %165 = fadd contract <16 x float> %164, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %166 = fmul contract <16 x float> %82, %165
  %167 = fmul contract <16 x float> %166, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %168 = getelementptr float, ptr %24, i64 %iv891.i
  store <16 x float> %167, ptr %168, align 4, !alias.scope !34, !noalias !46
  %169 = fadd contract <16 x float> %68, %81
  %170 = fdiv contract <16 x float> %169, <float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000>
  %171 = tail call contract <16 x float> @llvm.fabs.v16f32(<16 x float> %170)
  %172 = fmul contract <16 x float> %170, %170
  %173 = fmul contract <16 x float> %172, <float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000>
  %174 = fsub contract <16 x float> <float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000>, %173
  %175 = fmul contract <16 x float> %172, %174
  %176 = fadd contract <16 x float> %175, <float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000>
  %177 = fmul contract <16 x float> %172, %176
  %178 = fadd contract <16 x float> %177, <float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000>
  %179 = fmul contract <16 x float> %172, %178
  %180 = fadd contract <16 x float> %179, <float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000>
  %181 = fmul contract <16 x float> %172, %180
  %182 = fadd contract <16 x float> %181, <float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000>
  %183 = fmul contract <16 x float> %172, %182
  %184 = fadd contract <16 x float> %183, <float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000>
  %185 = fmul contract <16 x float> %172, %184
  %186 = fadd contract <16 x float> %185, <float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000>
  %187 = fmul contract <16 x float> %170, %186
  %188 = fmul contract <16 x float> %171, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %189 = fadd contract <16 x float> %188, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %190 = fdiv contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %189
  %191 = fmul contract <16 x float> %190, <float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000>
  %192 = fadd contract <16 x float> %191, <float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000>
  %193 = fmul contract <16 x float> %190, %192
  %194 = fadd contract <16 x float> %193, <float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000>
  %195 = fmul contract <16 x float> %190, %194
  %196 = fadd contract <16 x float> %195, <float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000>
  %197 = fmul contract <16 x float> %190, %196
  %198 = fadd contract <16 x float> %197, <float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000>
  %199 = fmul contract <16 x float> %190, %198
  %200 = fadd contract <16 x float> %199, <float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000>
  %201 = fmul contract <16 x float> %190, %200
  %202 = fadd contract <16 x float> %201, <float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000>
  %203 = fmul contract <16 x float> %190, %202
  %204 = fadd contract <16 x float> %203, <float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000>
  %205 = fmul contract <16 x float> %190, %204
  %206 = fadd contract <16 x float> %205, <float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000>
  %207 = fmul contract <16 x float> %190, %206
  %208 = fadd contract <16 x float> %207, <float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000>
  %209 = fsub contract <16 x float> %208, %172
  %210 = fcmp contract ogt <16 x float> %209, <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>
  %211 = select contract <16 x i1> %210, <16 x float> <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>, <16 x float> %209
  %212 = fcmp contract olt <16 x float> %211, <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>
  %213 = select contract <16 x i1> %212, <16 x float> <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>, <16 x float> %211
  %214 = fmul contract <16 x float> %213, <float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000>
  %215 = fadd contract <16 x float> %214, <float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000>
  %216 = fadd contract <16 x float> %215, <float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000>
  %217 = bitcast <16 x float> %215 to <16 x i32>
  %218 = add <16 x i32> %217, <i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504>
  %219 = fmul contract <16 x float> %216, <float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000>
  %220 = fsub contract <16 x float> %213, %219
  %221 = fmul contract <16 x float> %216, <float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000>
  %222 = fadd contract <16 x float> %221, %220
  %223 = fmul contract <16 x float> %222, <float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000>
  %224 = fadd contract <16 x float> %223, <float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000>
  %225 = fmul contract <16 x float> %222, %224
  %226 = fadd contract <16 x float> %225, <float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000>
  %227 = fmul contract <16 x float> %222, %226
  %228 = fadd contract <16 x float> %227, <float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000>
  %229 = fmul contract <16 x float> %222, %228
  %230 = fadd contract <16 x float> %229, <float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000>
  %231 = fmul contract <16 x float> %222, %230
  %232 = fadd contract <16 x float> %231, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %233 = fmul contract <16 x float> %222, %222
  %234 = fmul contract <16 x float> %233, %232
  %235 = fadd contract <16 x float> %222, %234
  %236 = fadd contract <16 x float> %235, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %237 = ashr <16 x i32> %218, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %238 = sub <16 x i32> %217, %237
  %239 = shl <16 x i32> %238, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %240 = add <16 x i32> %239, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %241 = bitcast <16 x i32> %240 to <16 x float>
  %242 = shl <16 x i32> %237, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %243 = add <16 x i32> %242, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %244 = bitcast <16 x i32> %243 to <16 x float>
  %245 = fmul contract <16 x float> %236, %244
  %246 = fmul contract <16 x float> %245, %241
  %247 = fmul contract <16 x float> %190, %246
  %248 = fsub contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %247
  %249 = tail call contract <16 x float> @llvm.copysign.v16f32(<16 x float> %248, <16 x float> %170)
  %250 = fcmp contract olt <16 x float> %171, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %251 = select contract <16 x i1> %250, <16 x float> %187, <16 x float> %249
  %252 = fadd contract <16 x float> %251, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %253 = fmul contract <16 x float> %169, %252
  %254 = fmul contract <16 x float> %253, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %255 = getelementptr float, ptr %27, i64 %iv891.i
  store <16 x float> %254, ptr %255, align 4, !alias.scope !34, !noalias !46
  %256 = fadd contract <16 x float> %73, %81
  %257 = fdiv contract <16 x float> %256, <float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000>
  %258 = tail call contract <16 x float> @llvm.fabs.v16f32(<16 x float> %257)
  %259 = fmul contract <16 x float> %257, %257
  %260 = fmul contract <16 x float> %259, <float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000>
  %261 = fsub contract <16 x float> <float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000>, %260
  %262 = fmul contract <16 x float> %259, %261
  %263 = fadd contract <16 x float> %262, <float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000>
  %264 = fmul contract <16 x float> %259, %263
  %265 = fadd contract <16 x float> %264, <float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000>
  %266 = fmul contract <16 x float> %259, %265
  %267 = fadd contract <16 x float> %266, <float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000>
  %268 = fmul contract <16 x float> %259, %267
  %269 = fadd contract <16 x float> %268, <float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000>
  %270 = fmul contract <16 x float> %259, %269
  %271 = fadd contract <16 x float> %270, <float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000>
  %272 = fmul contract <16 x float> %259, %271
  %273 = fadd contract <16 x float> %272, <float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000>
  %274 = fmul contract <16 x float> %257, %273
  %275 = fmul contract <16 x float> %258, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %276 = fadd contract <16 x float> %275, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %277 = fdiv contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %276
  %278 = fmul contract <16 x float> %277, <float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000>
  %279 = fadd contract <16 x float> %278, <float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000>
  %280 = fmul contract <16 x float> %277, %279
  %281 = fadd contract <16 x float> %280, <float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000>
  %282 = fmul contract <16 x float> %277, %281
  %283 = fadd contract <16 x float> %282, <float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000>
  %284 = fmul contract <16 x float> %277, %283
  %285 = fadd contract <16 x float> %284, <float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000>
  %286 = fmul contract <16 x float> %277, %285
  %287 = fadd contract <16 x float> %286, <float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000>
  %288 = fmul contract <16 x float> %277, %287
  %289 = fadd contract <16 x float> %288, <float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000>
  %290 = fmul contract <16 x float> %277, %289
  %291 = fadd contract <16 x float> %290, <float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000>
  %292 = fmul contract <16 x float> %277, %291
  %293 = fadd contract <16 x float> %292, <float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000>
  %294 = fmul contract <16 x float> %277, %293
  %295 = fadd contract <16 x float> %294, <float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000>
  %296 = fsub contract <16 x float> %295, %259
  %297 = fcmp contract ogt <16 x float> %296, <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>
  %298 = select contract <16 x i1> %297, <16 x float> <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>, <16 x float> %296
  %299 = fcmp contract olt <16 x float> %298, <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>
  %300 = select contract <16 x i1> %299, <16 x float> <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>, <16 x float> %298
  %301 = fmul contract <16 x float> %300, <float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000>
  %302 = fadd contract <16 x float> %301, <float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000>
  %303 = fadd contract <16 x float> %302, <float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000>
  %304 = bitcast <16 x float> %302 to <16 x i32>
  %305 = add <16 x i32> %304, <i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504>
  %306 = fmul contract <16 x float> %303, <float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000>
  %307 = fsub contract <16 x float> %300, %306
  %308 = fmul contract <16 x float> %303, <float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000>
  %309 = fadd contract <16 x float> %308, %307
  %310 = fmul contract <16 x float> %309, <float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000>
  %311 = fadd contract <16 x float> %310, <float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000>
  %312 = fmul contract <16 x float> %309, %311
  %313 = fadd contract <16 x float> %312, <float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000>
  %314 = fmul contract <16 x float> %309, %313
  %315 = fadd contract <16 x float> %314, <float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000>
  %316 = fmul contract <16 x float> %309, %315
  %317 = fadd contract <16 x float> %316, <float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000>
  %318 = fmul contract <16 x float> %309, %317
  %319 = fadd contract <16 x float> %318, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %320 = fmul contract <16 x float> %309, %309
  %321 = fmul contract <16 x float> %320, %319
  %322 = fadd contract <16 x float> %309, %321
  %323 = fadd contract <16 x float> %322, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %324 = ashr <16 x i32> %305, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %325 = sub <16 x i32> %304, %324
  %326 = shl <16 x i32> %325, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %327 = add <16 x i32> %326, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %328 = bitcast <16 x i32> %327 to <16 x float>
  %329 = shl <16 x i32> %324, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %330 = add <16 x i32> %329, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %331 = bitcast <16 x i32> %330 to <16 x float>
  %332 = fmul contract <16 x float> %323, %331
  %333 = fmul contract <16 x float> %332, %328
  %334 = fmul contract <16 x float> %277, %333
  %335 = fsub contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %334
  %336 = tail call contract <16 x float> @llvm.copysign.v16f32(<16 x float> %335, <16 x float> %257)
  %337 = fcmp contract olt <16 x float> %258, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %338 = select contract <16 x i1> %337, <16 x float> %274, <16 x float> %336
  %339 = fadd contract <16 x float> %338, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %340 = fmul contract <16 x float> %256, %339
  %341 = fmul contract <16 x float> %340, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %342 = getelementptr float, ptr %29, i64 %iv891.i
  store <16 x float> %341, ptr %342, align 4, !alias.scope !34, !noalias !46
  %343 = fadd contract <16 x float> %78, %81
  %344 = fdiv contract <16 x float> %343, <float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000>
  %345 = tail call contract <16 x float> @llvm.fabs.v16f32(<16 x float> %344)
  %346 = fmul contract <16 x float> %344, %344
  %347 = fmul contract <16 x float> %346, <float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000>
  %348 = fsub contract <16 x float> <float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000>, %347
  %349 = fmul contract <16 x float> %346, %348
  %350 = fadd contract <16 x float> %349, <float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000>
  %351 = fmul contract <16 x float> %346, %350
  %352 = fadd contract <16 x float> %351, <float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000>
  %353 = fmul contract <16 x float> %346, %352
  %354 = fadd contract <16 x float> %353, <float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000>
  %355 = fmul contract <16 x float> %346, %354
  %356 = fadd contract <16 x float> %355, <float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000>
  %357 = fmul contract <16 x float> %346, %356
  %358 = fadd contract <16 x float> %357, <float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000>
  %359 = fmul contract <16 x float> %346, %358
  %360 = fadd contract <16 x float> %359, <float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000>
  %361 = fmul contract <16 x float> %344, %360
  %362 = fmul contract <16 x float> %345, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %363 = fadd contract <16 x float> %362, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %364 = fdiv contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %363
  %365 = fmul contract <16 x float> %364, <float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000>
  %366 = fadd contract <16 x float> %365, <float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000>
  %367 = fmul contract <16 x float> %364, %366
  %368 = fadd contract <16 x float> %367, <float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000>
  %369 = fmul contract <16 x float> %364, %368
  %370 = fadd contract <16 x float> %369, <float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000>
  %371 = fmul contract <16 x float> %364, %370
  %372 = fadd contract <16 x float> %371, <float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000>
  %373 = fmul contract <16 x float> %364, %372
  %374 = fadd contract <16 x float> %373, <float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000>
  %375 = fmul contract <16 x float> %364, %374
  %376 = fadd contract <16 x float> %375, <float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000>
  %377 = fmul contract <16 x float> %364, %376
  %378 = fadd contract <16 x float> %377, <float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000>
  %379 = fmul contract <16 x float> %364, %378
  %380 = fadd contract <16 x float> %379, <float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000>
  %381 = fmul contract <16 x float> %364, %380
  %382 = fadd contract <16 x float> %381, <float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000>
  %383 = fsub contract <16 x float> %382, %346
  %384 = fcmp contract ogt <16 x float> %383, <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>
  %385 = select contract <16 x i1> %384, <16 x float> <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>, <16 x float> %383
  %386 = fcmp contract olt <16 x float> %385, <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>
  %387 = select contract <16 x i1> %386, <16 x float> <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>, <16 x float> %385
  %388 = fmul contract <16 x float> %387, <float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000>
  %389 = fadd contract <16 x float> %388, <float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000>
  %390 = fadd contract <16 x float> %389, <float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000>
  %391 = bitcast <16 x float> %389 to <16 x i32>
  %392 = add <16 x i32> %391, <i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504>
  %393 = fmul contract <16 x float> %390, <float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000>
  %394 = fsub contract <16 x float> %387, %393
  %395 = fmul contract <16 x float> %390, <float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000>
  %396 = fadd contract <16 x float> %395, %394
  %397 = fmul contract <16 x float> %396, <float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000>
  %398 = fadd contract <16 x float> %397, <float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000>
  %399 = fmul contract <16 x float> %396, %398
  %400 = fadd contract <16 x float> %399, <float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000>
  %401 = fmul contract <16 x float> %396, %400
  %402 = fadd contract <16 x float> %401, <float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000>
  %403 = fmul contract <16 x float> %396, %402
  %404 = fadd contract <16 x float> %403, <float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000>
  %405 = fmul contract <16 x float> %396, %404
  %406 = fadd contract <16 x float> %405, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %407 = fmul contract <16 x float> %396, %396
  %408 = fmul contract <16 x float> %407, %406
  %409 = fadd contract <16 x float> %396, %408
  %410 = fadd contract <16 x float> %409, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %411 = ashr <16 x i32> %392, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %412 = sub <16 x i32> %391, %411
  %413 = shl <16 x i32> %412, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %414 = add <16 x i32> %413, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %415 = bitcast <16 x i32> %414 to <16 x float>
  %416 = shl <16 x i32> %411, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %417 = add <16 x i32> %416, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %418 = bitcast <16 x i32> %417 to <16 x float>
  %419 = fmul contract <16 x float> %410, %418
  %420 = fmul contract <16 x float> %419, %415
  %421 = fmul contract <16 x float> %364, %420
  %422 = fsub contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %421
  %423 = tail call contract <16 x float> @llvm.copysign.v16f32(<16 x float> %422, <16 x float> %344)
  %424 = fcmp contract olt <16 x float> %345, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %425 = select contract <16 x i1> %424, <16 x float> %361, <16 x float> %423
  %426 = fadd contract <16 x float> %425, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %427 = fmul contract <16 x float> %343, %426
  %428 = fmul contract <16 x float> %427, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %429 = getelementptr float, ptr %31, i64 %iv891.i
  store <16 x float> %428, ptr %429, align 4, !alias.scope !34, !noalias !46
  %430 = add nuw nsw i64 %32, 16
  %431 = icmp ult i64 %32, 241
  br i1 %431, label %loop9.preheader.i, label %loop1.loopexit.i

loop31.preheader.i:                               ; preds = %loop27.preheader.i, %exit43.i
  %iv30106.i = phi i64 [ %574, %exit43.i ], [ %iv4.lcssa.i, %loop27.preheader.i ]
  %.idx80.i = shl i64 %iv30106.i, 10
  %432 = getelementptr i8, ptr %3, i64 %.idx80.i
  %.idx108.i = shl i64 %iv30106.i, 8
  %invariant.gep.i = getelementptr i8, ptr %5, i64 %.idx108.i
  br label %loop35.preheader.i

loop35.preheader.i:                               ; preds = %exit37.i, %loop31.preheader.i
  %433 = phi i64 [ 16, %loop31.preheader.i ], [ %572, %exit37.i ]
  %iv34102.i = phi i64 [ 0, %loop31.preheader.i ], [ %433, %exit37.i ]
  %434 = getelementptr float, ptr %7, i64 %iv34102.i
  br label %body36.i

body36.i:                                         ; preds = %body36.i, %loop35.preheader.i
  %iv38101.i = phi i64 [ 0, %loop35.preheader.i ], [ %482, %body36.i ]
  %.074100.i = phi <16 x float> [ zeroinitializer, %loop35.preheader.i ], [ %481, %body36.i ]
  %.idx81.i = shl nuw nsw i64 %iv38101.i, 10
  %435 = getelementptr i8, ptr %434, i64 %.idx81.i
  %436 = load <16 x float>, ptr %435, align 4, !alias.scope !39, !noalias !43
  %gep.i = getelementptr float, ptr %invariant.gep.i, i64 %iv38101.i
  %437 = load float, ptr %gep.i, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i = insertelement <16 x float> poison, float %437, i64 0
  %.splat40.i = shufflevector <16 x float> %.splatinsert39.i, <16 x float> poison, <16 x i32> zeroinitializer
  %438 = fmul contract <16 x float> %436, %.splat40.i
  %439 = fadd reassoc contract <16 x float> %.074100.i, %438
  %440 = or disjoint i64 %iv38101.i, 1
  %.idx81.i.1 = shl nuw nsw i64 %440, 10
  %441 = getelementptr i8, ptr %434, i64 %.idx81.i.1
  %442 = load <16 x float>, ptr %441, align 4, !alias.scope !39, !noalias !43
  %gep.i.1 = getelementptr float, ptr %invariant.gep.i, i64 %440
  %443 = load float, ptr %gep.i.1, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.1 = insertelement <16 x float> poison, float %443, i64 0
  %.splat40.i.1 = shufflevector <16 x float> %.splatinsert39.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %444 = fmul contract <16 x float> %442, %.splat40.i.1
  %445 = fadd reassoc contract <16 x float> %439, %444
  %446 = or disjoint i64 %iv38101.i, 2
  %.idx81.i.2 = shl nuw nsw i64 %446, 10
  %447 = getelementptr i8, ptr %434, i64 %.idx81.i.2
  %448 = load <16 x float>, ptr %447, align 4, !alias.scope !39, !noalias !43
  %gep.i.2 = getelementptr float, ptr %invariant.gep.i, i64 %446
  %449 = load float, ptr %gep.i.2, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.2 = insertelement <16 x float> poison, float %449, i64 0
  %.splat40.i.2 = shufflevector <16 x float> %.splatinsert39.i.2, <16 x float> poison, <16 x i32> zeroinitializer
  %450 = fmul contract <16 x float> %448, %.splat40.i.2
  %451 = fadd reassoc contract <16 x float> %445, %450
  %452 = or disjoint i64 %iv38101.i, 3
  %.idx81.i.3 = shl nuw nsw i64 %452, 10
  %453 = getelementptr i8, ptr %434, i64 %.idx81.i.3
  %454 = load <16 x float>, ptr %453, align 4, !alias.scope !39, !noalias !43
  %gep.i.3 = getelementptr float, ptr %invariant.gep.i, i64 %452
  %455 = load float, ptr %gep.i.3, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.3 = insertelement <16 x float> poison, float %455, i64 0
  %.splat40.i.3 = shufflevector <16 x float> %.splatinsert39.i.3, <16 x float> poison, <16 x i32> zeroinitializer
  %456 = fmul contract <16 x float> %454, %.splat40.i.3
  %457 = fadd reassoc contract <16 x float> %451, %456
  %458 = or disjoint i64 %iv38101.i, 4
  %.idx81.i.4 = shl nuw nsw i64 %458, 10
  %459 = getelementptr i8, ptr %434, i64 %.idx81.i.4
  %460 = load <16 x float>, ptr %459, align 4, !alias.scope !39, !noalias !43
  %gep.i.4 = getelementptr float, ptr %invariant.gep.i, i64 %458
  %461 = load float, ptr %gep.i.4, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.4 = insertelement <16 x float> poison, float %461, i64 0
  %.splat40.i.4 = shufflevector <16 x float> %.splatinsert39.i.4, <16 x float> poison, <16 x i32> zeroinitializer
  %462 = fmul contract <16 x float> %460, %.splat40.i.4
  %463 = fadd reassoc contract <16 x float> %457, %462
  %464 = or disjoint i64 %iv38101.i, 5
  %.idx81.i.5 = shl nuw nsw i64 %464, 10
  %465 = getelementptr i8, ptr %434, i64 %.idx81.i.5
  %466 = load <16 x float>, ptr %465, align 4, !alias.scope !39, !noalias !43
  %gep.i.5 = getelementptr float, ptr %invariant.gep.i, i64 %464
  %467 = load float, ptr %gep.i.5, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.5 = insertelement <16 x float> poison, float %467, i64 0
  %.splat40.i.5 = shufflevector <16 x float> %.splatinsert39.i.5, <16 x float> poison, <16 x i32> zeroinitializer
  %468 = fmul contract <16 x float> %466, %.splat40.i.5
  %469 = fadd reassoc contract <16 x float> %463, %468
  %470 = or disjoint i64 %iv38101.i, 6
  %.idx81.i.6 = shl nuw nsw i64 %470, 10
  %471 = getelementptr i8, ptr %434, i64 %.idx81.i.6
  %472 = load <16 x float>, ptr %471, align 4, !alias.scope !39, !noalias !43
  %gep.i.6 = getelementptr float, ptr %invariant.gep.i, i64 %470
  %473 = load float, ptr %gep.i.6, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.6 = insertelement <16 x float> poison, float %473, i64 0
  %.splat40.i.6 = shufflevector <16 x float> %.splatinsert39.i.6, <16 x float> poison, <16 x i32> zeroinitializer
  %474 = fmul contract <16 x float> %472, %.splat40.i.6
  %475 = fadd reassoc contract <16 x float> %469, %474
  %476 = or disjoint i64 %iv38101.i, 7
  %.idx81.i.7 = shl nuw nsw i64 %476, 10
  %477 = getelementptr i8, ptr %434, i64 %.idx81.i.7
  %478 = load <16 x float>, ptr %477, align 4, !alias.scope !39, !noalias !43
  %gep.i.7 = getelementptr float, ptr %invariant.gep.i, i64 %476
  %479 = load float, ptr %gep.i.7, align 4, !alias.scope !37, !noalias !44
  %.splatinsert39.i.7 = insertelement <16 x float> poison, float %479, i64 0
  %.splat40.i.7 = shufflevector <16 x float> %.splatinsert39.i.7, <16 x float> poison, <16 x i32> zeroinitializer
  %480 = fmul contract <16 x float> %478, %.splat40.i.7
  %481 = fadd reassoc contract <16 x float> %475, %480
  %482 = add nuw nsw i64 %iv38101.i, 8
  %exitcond122.not.i.7 = icmp eq i64 %482, 64
  br i1 %exitcond122.not.i.7, label %exit37.i, label %body36.i

exit37.i:                                         ; preds = %body36.i
  %483 = getelementptr float, ptr %9, i64 %iv34102.i
  %484 = load <16 x float>, ptr %483, align 4, !alias.scope !41, !noalias !45
  %485 = fadd contract <16 x float> %481, %484
  %486 = fdiv contract <16 x float> %485, <float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000, float 0x3FF6A09E60000000>
  %487 = tail call contract <16 x float> @llvm.fabs.v16f32(<16 x float> %486)
  %488 = fmul contract <16 x float> %486, %486
  %489 = fmul contract <16 x float> %488, <float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000, float 0x3EE4384600000000>
  %490 = fsub contract <16 x float> <float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000, float 0x3F1D826BC0000000>, %489
  %491 = fmul contract <16 x float> %488, %490
  %492 = fadd contract <16 x float> %491, <float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000, float 0xBF4BCBEA20000000>
  %493 = fmul contract <16 x float> %488, %492
  %494 = fadd contract <16 x float> %493, <float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000, float 0x3F75628EE0000000>
  %495 = fmul contract <16 x float> %488, %494
  %496 = fadd contract <16 x float> %495, <float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000, float 0xBF9B829A80000000>
  %497 = fmul contract <16 x float> %488, %496
  %498 = fadd contract <16 x float> %497, <float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000, float 0x3FBCE2F080000000>
  %499 = fmul contract <16 x float> %488, %498
  %500 = fadd contract <16 x float> %499, <float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000, float 0xBFD8127460000000>
  %501 = fmul contract <16 x float> %488, %500
  %502 = fadd contract <16 x float> %501, <float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000, float 0x3FF20DD760000000>
  %503 = fmul contract <16 x float> %486, %502
  %504 = fmul contract <16 x float> %487, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %505 = fadd contract <16 x float> %504, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %506 = fdiv contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %505
  %507 = fmul contract <16 x float> %506, <float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000, float 0x3FC5DF28A0000000>
  %508 = fadd contract <16 x float> %507, <float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000, float 0xBFEA4F1240000000>
  %509 = fmul contract <16 x float> %506, %508
  %510 = fadd contract <16 x float> %509, <float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000, float 0x3FF7D0F600000000>
  %511 = fmul contract <16 x float> %506, %510
  %512 = fadd contract <16 x float> %511, <float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000, float 0xBFF229CBA0000000>
  %513 = fmul contract <16 x float> %506, %512
  %514 = fadd contract <16 x float> %513, <float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000, float 0x3FD1D8F980000000>
  %515 = fmul contract <16 x float> %506, %514
  %516 = fadd contract <16 x float> %515, <float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000, float 0xBFC7D84980000000>
  %517 = fmul contract <16 x float> %506, %516
  %518 = fadd contract <16 x float> %517, <float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000, float 0x3FB8C6D920000000>
  %519 = fmul contract <16 x float> %506, %518
  %520 = fadd contract <16 x float> %519, <float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000, float 0x3FD7F11F60000000>
  %521 = fmul contract <16 x float> %506, %520
  %522 = fadd contract <16 x float> %521, <float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000, float 0x3FF00018E0000000>
  %523 = fmul contract <16 x float> %506, %522
  %524 = fadd contract <16 x float> %523, <float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000, float 0xBFF43F89C0000000>
  %525 = fsub contract <16 x float> %524, %488
  %526 = fcmp contract ogt <16 x float> %525, <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>
  %527 = select contract <16 x i1> %526, <16 x float> <float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01, float 8.900000e+01>, <16 x float> %525
  %528 = fcmp contract olt <16 x float> %527, <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>
  %529 = select contract <16 x i1> %528, <16 x float> <float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02, float -1.040000e+02>, <16 x float> %527
  %530 = fmul contract <16 x float> %529, <float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000, float 0x3FF7154760000000>
  %531 = fadd contract <16 x float> %530, <float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000, float 0x4168000000000000>
  %532 = fadd contract <16 x float> %531, <float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000, float 0xC168000000000000>
  %533 = bitcast <16 x float> %531 to <16 x i32>
  %534 = add <16 x i32> %533, <i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504, i32 -1262485504>
  %535 = fmul contract <16 x float> %532, <float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000, float 0x3FE6300000000000>
  %536 = fsub contract <16 x float> %529, %535
  %537 = fmul contract <16 x float> %532, <float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000, float 0x3F2BD01060000000>
  %538 = fadd contract <16 x float> %537, %536
  %539 = fmul contract <16 x float> %538, <float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000, float 0x3F2A0D2CE0000000>
  %540 = fadd contract <16 x float> %539, <float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000, float 0x3F56E879C0000000>
  %541 = fmul contract <16 x float> %538, %540
  %542 = fadd contract <16 x float> %541, <float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000, float 0x3F81112100000000>
  %543 = fmul contract <16 x float> %538, %542
  %544 = fadd contract <16 x float> %543, <float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000, float 0x3FA5553820000000>
  %545 = fmul contract <16 x float> %538, %544
  %546 = fadd contract <16 x float> %545, <float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000, float 0x3FC5555540000000>
  %547 = fmul contract <16 x float> %538, %546
  %548 = fadd contract <16 x float> %547, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %549 = fmul contract <16 x float> %538, %538
  %550 = fmul contract <16 x float> %549, %548
  %551 = fadd contract <16 x float> %538, %550
  %552 = fadd contract <16 x float> %551, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %553 = ashr <16 x i32> %534, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %554 = sub <16 x i32> %533, %553
  %555 = shl <16 x i32> %554, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %556 = add <16 x i32> %555, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %557 = bitcast <16 x i32> %556 to <16 x float>
  %558 = shl <16 x i32> %553, <i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23, i32 23>
  %559 = add <16 x i32> %558, <i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216, i32 1065353216>
  %560 = bitcast <16 x i32> %559 to <16 x float>
  %561 = fmul contract <16 x float> %552, %560
  %562 = fmul contract <16 x float> %561, %557
  %563 = fmul contract <16 x float> %506, %562
  %564 = fsub contract <16 x float> <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>, %563
  %565 = tail call contract <16 x float> @llvm.copysign.v16f32(<16 x float> %564, <16 x float> %486)
  %566 = fcmp contract olt <16 x float> %487, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %567 = select contract <16 x i1> %566, <16 x float> %503, <16 x float> %565
  %568 = fadd contract <16 x float> %567, <float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00, float 1.000000e+00>
  %569 = fmul contract <16 x float> %485, %568
  %570 = fmul contract <16 x float> %569, <float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01>
  %571 = getelementptr float, ptr %432, i64 %iv34102.i
  store <16 x float> %570, ptr %571, align 4, !alias.scope !34, !noalias !46
  %572 = add nuw nsw i64 %433, 16
  %573 = icmp ult i64 %433, 241
  br i1 %573, label %loop35.preheader.i, label %exit43.i

exit43.i:                                         ; preds = %exit37.i
  %574 = add nsw i64 %iv30106.i, 1
  %exitcond123.not.i = icmp eq i64 %574, %18
  br i1 %exitcond123.not.i, label %loop.loopexit.i, label %loop31.preheader.i

mlp_k3__act_Mul_1.body.exit:                      ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k4__fc2_Gemm(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !47)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !50)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !52)
  %8 = icmp slt i64 %1, %2
  br i1 %8, label %body.preheader.i, label %mlp_k4__fc2_Gemm.body.exit

body.preheader.i:                                 ; preds = %entry
  %9 = getelementptr i8, ptr %7, i64 64
  %10 = getelementptr i8, ptr %7, i64 128
  %11 = getelementptr i8, ptr %7, i64 192
  br label %body.i

loop.loopexit.i:                                  ; preds = %exit43.i, %loop27.preheader.i
  %12 = icmp slt i64 %17, %2
  br i1 %12, label %body.i, label %mlp_k4__fc2_Gemm.body.exit

body.i:                                           ; preds = %loop.loopexit.i, %body.preheader.i
  %iv107.i = phi i64 [ %17, %loop.loopexit.i ], [ %1, %body.preheader.i ]
  %13 = shl i64 %iv107.i, 2
  %14 = sub i64 %2, %iv107.i
  %15 = sub i64 1, %iv107.i
  %16 = tail call i64 @llvm.smin.i64(i64 %15, i64 %14)
  %17 = add i64 %16, %iv107.i
  %18 = shl i64 %17, 2
  %19 = tail call i64 @llvm.smin.i64(i64 %18, i64 4)
  %20 = add i64 %13, 4
  %.not98.i = icmp sgt i64 %20, %19
  br i1 %.not98.i, label %loop27.preheader.i, label %loop5.preheader.i

loop1.loopexit.i:                                 ; preds = %body10.3.i
  %21 = getelementptr i8, ptr %79, i64 192
  store <16 x float> %212, ptr %21, align 4, !alias.scope !47, !noalias !54
  %22 = getelementptr i8, ptr %80, i64 192
  store <16 x float> %217, ptr %22, align 4, !alias.scope !47, !noalias !54
  %23 = getelementptr i8, ptr %81, i64 192
  store <16 x float> %222, ptr %23, align 4, !alias.scope !47, !noalias !54
  %24 = getelementptr i8, ptr %82, i64 192
  store <16 x float> %227, ptr %24, align 4, !alias.scope !47, !noalias !54
  %25 = add nsw i64 %27, 4
  %.not.i = icmp sgt i64 %25, %19
  br i1 %.not.i, label %loop27.preheader.i, label %loop5.preheader.i

loop27.preheader.i:                               ; preds = %loop1.loopexit.i, %body.i
  %iv4.lcssa.i = phi i64 [ %13, %body.i ], [ %27, %loop1.loopexit.i ]
  %26 = icmp slt i64 %iv4.lcssa.i, %19
  br i1 %26, label %loop31.preheader.i, label %loop.loopexit.i

loop5.preheader.i:                                ; preds = %body.i, %loop1.loopexit.i
  %27 = phi i64 [ %25, %loop1.loopexit.i ], [ %20, %body.i ]
  %iv499.i = phi i64 [ %27, %loop1.loopexit.i ], [ %13, %body.i ]
  %28 = shl i64 %iv499.i, 8
  %29 = shl i64 %iv499.i, 6
  %30 = or disjoint i64 %29, 64
  %31 = or disjoint i64 %29, 128
  %32 = or disjoint i64 %29, 192
  br label %body10.i

body10.i:                                         ; preds = %body10.i, %loop5.preheader.i
  %iv1290.i = phi i64 [ 0, %loop5.preheader.i ], [ %78, %body10.i ]
  %.089.i = phi <16 x float> [ zeroinitializer, %loop5.preheader.i ], [ %62, %body10.i ]
  %.06788.i = phi <16 x float> [ zeroinitializer, %loop5.preheader.i ], [ %67, %body10.i ]
  %.06887.i = phi <16 x float> [ zeroinitializer, %loop5.preheader.i ], [ %72, %body10.i ]
  %.06986.i = phi <16 x float> [ zeroinitializer, %loop5.preheader.i ], [ %77, %body10.i ]
  %.idx85.i = shl nuw nsw i64 %iv1290.i, 8
  %33 = getelementptr i8, ptr %7, i64 %.idx85.i
  %34 = load <16 x float>, ptr %33, align 4, !alias.scope !52, !noalias !55
  %35 = add nuw nsw i64 %iv1290.i, %28
  %36 = getelementptr float, ptr %5, i64 %35
  %37 = load float, ptr %36, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.i = insertelement <16 x float> poison, float %37, i64 0
  %.splat.i = shufflevector <16 x float> %.splatinsert.i, <16 x float> poison, <16 x i32> zeroinitializer
  %38 = fmul contract <16 x float> %34, %.splat.i
  %39 = fadd reassoc contract <16 x float> %.089.i, %38
  %40 = or disjoint i64 %35, 256
  %41 = getelementptr float, ptr %5, i64 %40
  %42 = load float, ptr %41, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.i = insertelement <16 x float> poison, float %42, i64 0
  %.splat14.i = shufflevector <16 x float> %.splatinsert13.i, <16 x float> poison, <16 x i32> zeroinitializer
  %43 = fmul contract <16 x float> %34, %.splat14.i
  %44 = fadd reassoc contract <16 x float> %.06788.i, %43
  %45 = or disjoint i64 %35, 512
  %46 = getelementptr float, ptr %5, i64 %45
  %47 = load float, ptr %46, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.i = insertelement <16 x float> poison, float %47, i64 0
  %.splat16.i = shufflevector <16 x float> %.splatinsert15.i, <16 x float> poison, <16 x i32> zeroinitializer
  %48 = fmul contract <16 x float> %34, %.splat16.i
  %49 = fadd reassoc contract <16 x float> %.06887.i, %48
  %50 = or disjoint i64 %35, 768
  %51 = getelementptr float, ptr %5, i64 %50
  %52 = load float, ptr %51, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.i = insertelement <16 x float> poison, float %52, i64 0
  %.splat18.i = shufflevector <16 x float> %.splatinsert17.i, <16 x float> poison, <16 x i32> zeroinitializer
  %53 = fmul contract <16 x float> %34, %.splat18.i
  %54 = fadd reassoc contract <16 x float> %.06986.i, %53
  %55 = or disjoint i64 %iv1290.i, 1
  %.idx85.i.1 = shl nuw nsw i64 %55, 8
  %56 = getelementptr i8, ptr %7, i64 %.idx85.i.1
  %57 = load <16 x float>, ptr %56, align 4, !alias.scope !52, !noalias !55
  %58 = add nuw nsw i64 %55, %28
  %59 = getelementptr float, ptr %5, i64 %58
  %60 = load float, ptr %59, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.i.1 = insertelement <16 x float> poison, float %60, i64 0
  %.splat.i.1 = shufflevector <16 x float> %.splatinsert.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %61 = fmul contract <16 x float> %57, %.splat.i.1
  %62 = fadd reassoc contract <16 x float> %39, %61
  %63 = or disjoint i64 %58, 256
  %64 = getelementptr float, ptr %5, i64 %63
  %65 = load float, ptr %64, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.i.1 = insertelement <16 x float> poison, float %65, i64 0
  %.splat14.i.1 = shufflevector <16 x float> %.splatinsert13.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %66 = fmul contract <16 x float> %57, %.splat14.i.1
  %67 = fadd reassoc contract <16 x float> %44, %66
  %68 = or disjoint i64 %58, 512
  %69 = getelementptr float, ptr %5, i64 %68
  %70 = load float, ptr %69, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.i.1 = insertelement <16 x float> poison, float %70, i64 0
  %.splat16.i.1 = shufflevector <16 x float> %.splatinsert15.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %71 = fmul contract <16 x float> %57, %.splat16.i.1
  %72 = fadd reassoc contract <16 x float> %49, %71
  %73 = or disjoint i64 %58, 768
  %74 = getelementptr float, ptr %5, i64 %73
  %75 = load float, ptr %74, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.i.1 = insertelement <16 x float> poison, float %75, i64 0
  %.splat18.i.1 = shufflevector <16 x float> %.splatinsert17.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %76 = fmul contract <16 x float> %57, %.splat18.i.1
  %77 = fadd reassoc contract <16 x float> %54, %76
  %78 = add nuw nsw i64 %iv1290.i, 2
  %exitcond.not.i.1 = icmp eq i64 %78, 256
  br i1 %exitcond.not.i.1, label %exit11.i, label %body10.i

exit11.i:                                         ; preds = %body10.i
  %79 = getelementptr i8, ptr %3, i64 %28
  %80 = getelementptr float, ptr %3, i64 %30
  %81 = getelementptr float, ptr %3, i64 %31
  %82 = getelementptr float, ptr %3, i64 %32
  store <16 x float> %62, ptr %79, align 4, !alias.scope !47, !noalias !54
  store <16 x float> %67, ptr %80, align 4, !alias.scope !47, !noalias !54
  store <16 x float> %72, ptr %81, align 4, !alias.scope !47, !noalias !54
  store <16 x float> %77, ptr %82, align 4, !alias.scope !47, !noalias !54
  br label %body10.1.i

body10.1.i:                                       ; preds = %body10.1.i, %exit11.i
  %iv1290.1.i = phi i64 [ 0, %exit11.i ], [ %128, %body10.1.i ]
  %.089.1.i = phi <16 x float> [ zeroinitializer, %exit11.i ], [ %112, %body10.1.i ]
  %.06788.1.i = phi <16 x float> [ zeroinitializer, %exit11.i ], [ %117, %body10.1.i ]
  %.06887.1.i = phi <16 x float> [ zeroinitializer, %exit11.i ], [ %122, %body10.1.i ]
  %.06986.1.i = phi <16 x float> [ zeroinitializer, %exit11.i ], [ %127, %body10.1.i ]
  %.idx85.1.i = shl nuw nsw i64 %iv1290.1.i, 8
  %83 = getelementptr i8, ptr %9, i64 %.idx85.1.i
  %84 = load <16 x float>, ptr %83, align 4, !alias.scope !52, !noalias !55
  %85 = add nuw nsw i64 %iv1290.1.i, %28
  %86 = getelementptr float, ptr %5, i64 %85
  %87 = load float, ptr %86, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.1.i = insertelement <16 x float> poison, float %87, i64 0
  %.splat.1.i = shufflevector <16 x float> %.splatinsert.1.i, <16 x float> poison, <16 x i32> zeroinitializer
  %88 = fmul contract <16 x float> %84, %.splat.1.i
  %89 = fadd reassoc contract <16 x float> %.089.1.i, %88
  %90 = or disjoint i64 %85, 256
  %91 = getelementptr float, ptr %5, i64 %90
  %92 = load float, ptr %91, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.1.i = insertelement <16 x float> poison, float %92, i64 0
  %.splat14.1.i = shufflevector <16 x float> %.splatinsert13.1.i, <16 x float> poison, <16 x i32> zeroinitializer
  %93 = fmul contract <16 x float> %84, %.splat14.1.i
  %94 = fadd reassoc contract <16 x float> %.06788.1.i, %93
  %95 = or disjoint i64 %85, 512
  %96 = getelementptr float, ptr %5, i64 %95
  %97 = load float, ptr %96, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.1.i = insertelement <16 x float> poison, float %97, i64 0
  %.splat16.1.i = shufflevector <16 x float> %.splatinsert15.1.i, <16 x float> poison, <16 x i32> zeroinitializer
  %98 = fmul contract <16 x float> %84, %.splat16.1.i
  %99 = fadd reassoc contract <16 x float> %.06887.1.i, %98
  %100 = or disjoint i64 %85, 768
  %101 = getelementptr float, ptr %5, i64 %100
  %102 = load float, ptr %101, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.1.i = insertelement <16 x float> poison, float %102, i64 0
  %.splat18.1.i = shufflevector <16 x float> %.splatinsert17.1.i, <16 x float> poison, <16 x i32> zeroinitializer
  %103 = fmul contract <16 x float> %84, %.splat18.1.i
  %104 = fadd reassoc contract <16 x float> %.06986.1.i, %103
  %105 = or disjoint i64 %iv1290.1.i, 1
  %.idx85.1.i.1 = shl nuw nsw i64 %105, 8
  %106 = getelementptr i8, ptr %9, i64 %.idx85.1.i.1
  %107 = load <16 x float>, ptr %106, align 4, !alias.scope !52, !noalias !55
  %108 = add nuw nsw i64 %105, %28
  %109 = getelementptr float, ptr %5, i64 %108
  %110 = load float, ptr %109, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.1.i.1 = insertelement <16 x float> poison, float %110, i64 0
  %.splat.1.i.1 = shufflevector <16 x float> %.splatinsert.1.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %111 = fmul contract <16 x float> %107, %.splat.1.i.1
  %112 = fadd reassoc contract <16 x float> %89, %111
  %113 = or disjoint i64 %108, 256
  %114 = getelementptr float, ptr %5, i64 %113
  %115 = load float, ptr %114, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.1.i.1 = insertelement <16 x float> poison, float %115, i64 0
  %.splat14.1.i.1 = shufflevector <16 x float> %.splatinsert13.1.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %116 = fmul contract <16 x float> %107, %.splat14.1.i.1
  %117 = fadd reassoc contract <16 x float> %94, %116
  %118 = or disjoint i64 %108, 512
  %119 = getelementptr float, ptr %5, i64 %118
  %120 = load float, ptr %119, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.1.i.1 = insertelement <16 x float> poison, float %120, i64 0
  %.splat16.1.i.1 = shufflevector <16 x float> %.splatinsert15.1.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %121 = fmul contract <16 x float> %107, %.splat16.1.i.1
  %122 = fadd reassoc contract <16 x float> %99, %121
  %123 = or disjoint i64 %108, 768
  %124 = getelementptr float, ptr %5, i64 %123
  %125 = load float, ptr %124, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.1.i.1 = insertelement <16 x float> poison, float %125, i64 0
  %.splat18.1.i.1 = shufflevector <16 x float> %.splatinsert17.1.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %126 = fmul contract <16 x float> %107, %.splat18.1.i.1
  %127 = fadd reassoc contract <16 x float> %104, %126
  %128 = add nuw nsw i64 %iv1290.1.i, 2
  %exitcond.1.not.i.1 = icmp eq i64 %128, 256
  br i1 %exitcond.1.not.i.1, label %exit11.1.i, label %body10.1.i

exit11.1.i:                                       ; preds = %body10.1.i
  %129 = getelementptr i8, ptr %79, i64 64
  store <16 x float> %112, ptr %129, align 4, !alias.scope !47, !noalias !54
  %130 = getelementptr i8, ptr %80, i64 64
  store <16 x float> %117, ptr %130, align 4, !alias.scope !47, !noalias !54
  %131 = getelementptr i8, ptr %81, i64 64
  store <16 x float> %122, ptr %131, align 4, !alias.scope !47, !noalias !54
  %132 = getelementptr i8, ptr %82, i64 64
  store <16 x float> %127, ptr %132, align 4, !alias.scope !47, !noalias !54
  br label %body10.2.i

body10.2.i:                                       ; preds = %body10.2.i, %exit11.1.i
  %iv1290.2.i = phi i64 [ 0, %exit11.1.i ], [ %178, %body10.2.i ]
  %.089.2.i = phi <16 x float> [ zeroinitializer, %exit11.1.i ], [ %162, %body10.2.i ]
  %.06788.2.i = phi <16 x float> [ zeroinitializer, %exit11.1.i ], [ %167, %body10.2.i ]
  %.06887.2.i = phi <16 x float> [ zeroinitializer, %exit11.1.i ], [ %172, %body10.2.i ]
  %.06986.2.i = phi <16 x float> [ zeroinitializer, %exit11.1.i ], [ %177, %body10.2.i ]
  %.idx85.2.i = shl nuw nsw i64 %iv1290.2.i, 8
  %133 = getelementptr i8, ptr %10, i64 %.idx85.2.i
  %134 = load <16 x float>, ptr %133, align 4, !alias.scope !52, !noalias !55
  %135 = add nuw nsw i64 %iv1290.2.i, %28
  %136 = getelementptr float, ptr %5, i64 %135
  %137 = load float, ptr %136, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.2.i = insertelement <16 x float> poison, float %137, i64 0
  %.splat.2.i = shufflevector <16 x float> %.splatinsert.2.i, <16 x float> poison, <16 x i32> zeroinitializer
  %138 = fmul contract <16 x float> %134, %.splat.2.i
  %139 = fadd reassoc contract <16 x float> %.089.2.i, %138
  %140 = or disjoint i64 %135, 256
  %141 = getelementptr float, ptr %5, i64 %140
  %142 = load float, ptr %141, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.2.i = insertelement <16 x float> poison, float %142, i64 0
  %.splat14.2.i = shufflevector <16 x float> %.splatinsert13.2.i, <16 x float> poison, <16 x i32> zeroinitializer
  %143 = fmul contract <16 x float> %134, %.splat14.2.i
  %144 = fadd reassoc contract <16 x float> %.06788.2.i, %143
  %145 = or disjoint i64 %135, 512
  %146 = getelementptr float, ptr %5, i64 %145
  %147 = load float, ptr %146, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.2.i = insertelement <16 x float> poison, float %147, i64 0
  %.splat16.2.i = shufflevector <16 x float> %.splatinsert15.2.i, <16 x float> poison, <16 x i32> zeroinitializer
  %148 = fmul contract <16 x float> %134, %.splat16.2.i
  %149 = fadd reassoc contract <16 x float> %.06887.2.i, %148
  %150 = or disjoint i64 %135, 768
  %151 = getelementptr float, ptr %5, i64 %150
  %152 = load float, ptr %151, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.2.i = insertelement <16 x float> poison, float %152, i64 0
  %.splat18.2.i = shufflevector <16 x float> %.splatinsert17.2.i, <16 x float> poison, <16 x i32> zeroinitializer
  %153 = fmul contract <16 x float> %134, %.splat18.2.i
  %154 = fadd reassoc contract <16 x float> %.06986.2.i, %153
  %155 = or disjoint i64 %iv1290.2.i, 1
  %.idx85.2.i.1 = shl nuw nsw i64 %155, 8
  %156 = getelementptr i8, ptr %10, i64 %.idx85.2.i.1
  %157 = load <16 x float>, ptr %156, align 4, !alias.scope !52, !noalias !55
  %158 = add nuw nsw i64 %155, %28
  %159 = getelementptr float, ptr %5, i64 %158
  %160 = load float, ptr %159, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.2.i.1 = insertelement <16 x float> poison, float %160, i64 0
  %.splat.2.i.1 = shufflevector <16 x float> %.splatinsert.2.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %161 = fmul contract <16 x float> %157, %.splat.2.i.1
  %162 = fadd reassoc contract <16 x float> %139, %161
  %163 = or disjoint i64 %158, 256
  %164 = getelementptr float, ptr %5, i64 %163
  %165 = load float, ptr %164, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.2.i.1 = insertelement <16 x float> poison, float %165, i64 0
  %.splat14.2.i.1 = shufflevector <16 x float> %.splatinsert13.2.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %166 = fmul contract <16 x float> %157, %.splat14.2.i.1
  %167 = fadd reassoc contract <16 x float> %144, %166
  %168 = or disjoint i64 %158, 512
  %169 = getelementptr float, ptr %5, i64 %168
  %170 = load float, ptr %169, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.2.i.1 = insertelement <16 x float> poison, float %170, i64 0
  %.splat16.2.i.1 = shufflevector <16 x float> %.splatinsert15.2.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %171 = fmul contract <16 x float> %157, %.splat16.2.i.1
  %172 = fadd reassoc contract <16 x float> %149, %171
  %173 = or disjoint i64 %158, 768
  %174 = getelementptr float, ptr %5, i64 %173
  %175 = load float, ptr %174, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.2.i.1 = insertelement <16 x float> poison, float %175, i64 0
  %.splat18.2.i.1 = shufflevector <16 x float> %.splatinsert17.2.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %176 = fmul contract <16 x float> %157, %.splat18.2.i.1
  %177 = fadd reassoc contract <16 x float> %154, %176
  %178 = add nuw nsw i64 %iv1290.2.i, 2
  %exitcond.2.not.i.1 = icmp eq i64 %178, 256
  br i1 %exitcond.2.not.i.1, label %exit11.2.i, label %body10.2.i

exit11.2.i:                                       ; preds = %body10.2.i
  %179 = getelementptr i8, ptr %79, i64 128
  store <16 x float> %162, ptr %179, align 4, !alias.scope !47, !noalias !54
  %180 = getelementptr i8, ptr %80, i64 128
  store <16 x float> %167, ptr %180, align 4, !alias.scope !47, !noalias !54
  %181 = getelementptr i8, ptr %81, i64 128
  store <16 x float> %172, ptr %181, align 4, !alias.scope !47, !noalias !54
  %182 = getelementptr i8, ptr %82, i64 128
  store <16 x float> %177, ptr %182, align 4, !alias.scope !47, !noalias !54
  br label %body10.3.i

body10.3.i:                                       ; preds = %body10.3.i, %exit11.2.i
  %iv1290.3.i = phi i64 [ 0, %exit11.2.i ], [ %228, %body10.3.i ]
  %.089.3.i = phi <16 x float> [ zeroinitializer, %exit11.2.i ], [ %212, %body10.3.i ]
  %.06788.3.i = phi <16 x float> [ zeroinitializer, %exit11.2.i ], [ %217, %body10.3.i ]
  %.06887.3.i = phi <16 x float> [ zeroinitializer, %exit11.2.i ], [ %222, %body10.3.i ]
  %.06986.3.i = phi <16 x float> [ zeroinitializer, %exit11.2.i ], [ %227, %body10.3.i ]
  %.idx85.3.i = shl nuw nsw i64 %iv1290.3.i, 8
  %183 = getelementptr i8, ptr %11, i64 %.idx85.3.i
  %184 = load <16 x float>, ptr %183, align 4, !alias.scope !52, !noalias !55
  %185 = add nuw nsw i64 %iv1290.3.i, %28
  %186 = getelementptr float, ptr %5, i64 %185
  %187 = load float, ptr %186, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.3.i = insertelement <16 x float> poison, float %187, i64 0
  %.splat.3.i = shufflevector <16 x float> %.splatinsert.3.i, <16 x float> poison, <16 x i32> zeroinitializer
  %188 = fmul contract <16 x float> %184, %.splat.3.i
  %189 = fadd reassoc contract <16 x float> %.089.3.i, %188
  %190 = or disjoint i64 %185, 256
  %191 = getelementptr float, ptr %5, i64 %190
  %192 = load float, ptr %191, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.3.i = insertelement <16 x float> poison, float %192, i64 0
  %.splat14.3.i = shufflevector <16 x float> %.splatinsert13.3.i, <16 x float> poison, <16 x i32> zeroinitializer
  %193 = fmul contract <16 x float> %184, %.splat14.3.i
  %194 = fadd reassoc contract <16 x float> %.06788.3.i, %193
  %195 = or disjoint i64 %185, 512
  %196 = getelementptr float, ptr %5, i64 %195
  %197 = load float, ptr %196, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.3.i = insertelement <16 x float> poison, float %197, i64 0
  %.splat16.3.i = shufflevector <16 x float> %.splatinsert15.3.i, <16 x float> poison, <16 x i32> zeroinitializer
  %198 = fmul contract <16 x float> %184, %.splat16.3.i
  %199 = fadd reassoc contract <16 x float> %.06887.3.i, %198
  %200 = or disjoint i64 %185, 768
  %201 = getelementptr float, ptr %5, i64 %200
  %202 = load float, ptr %201, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.3.i = insertelement <16 x float> poison, float %202, i64 0
  %.splat18.3.i = shufflevector <16 x float> %.splatinsert17.3.i, <16 x float> poison, <16 x i32> zeroinitializer
  %203 = fmul contract <16 x float> %184, %.splat18.3.i
  %204 = fadd reassoc contract <16 x float> %.06986.3.i, %203
  %205 = or disjoint i64 %iv1290.3.i, 1
  %.idx85.3.i.1 = shl nuw nsw i64 %205, 8
  %206 = getelementptr i8, ptr %11, i64 %.idx85.3.i.1
  %207 = load <16 x float>, ptr %206, align 4, !alias.scope !52, !noalias !55
  %208 = add nuw nsw i64 %205, %28
  %209 = getelementptr float, ptr %5, i64 %208
  %210 = load float, ptr %209, align 4, !alias.scope !50, !noalias !56
  %.splatinsert.3.i.1 = insertelement <16 x float> poison, float %210, i64 0
  %.splat.3.i.1 = shufflevector <16 x float> %.splatinsert.3.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %211 = fmul contract <16 x float> %207, %.splat.3.i.1
  %212 = fadd reassoc contract <16 x float> %189, %211
  %213 = or disjoint i64 %208, 256
  %214 = getelementptr float, ptr %5, i64 %213
  %215 = load float, ptr %214, align 4, !alias.scope !50, !noalias !56
  %.splatinsert13.3.i.1 = insertelement <16 x float> poison, float %215, i64 0
  %.splat14.3.i.1 = shufflevector <16 x float> %.splatinsert13.3.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %216 = fmul contract <16 x float> %207, %.splat14.3.i.1
  %217 = fadd reassoc contract <16 x float> %194, %216
  %218 = or disjoint i64 %208, 512
  %219 = getelementptr float, ptr %5, i64 %218
  %220 = load float, ptr %219, align 4, !alias.scope !50, !noalias !56
  %.splatinsert15.3.i.1 = insertelement <16 x float> poison, float %220, i64 0
  %.splat16.3.i.1 = shufflevector <16 x float> %.splatinsert15.3.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %221 = fmul contract <16 x float> %207, %.splat16.3.i.1
  %222 = fadd reassoc contract <16 x float> %199, %221
  %223 = or disjoint i64 %208, 768
  %224 = getelementptr float, ptr %5, i64 %223
  %225 = load float, ptr %224, align 4, !alias.scope !50, !noalias !56
  %.splatinsert17.3.i.1 = insertelement <16 x float> poison, float %225, i64 0
  %.splat18.3.i.1 = shufflevector <16 x float> %.splatinsert17.3.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %226 = fmul contract <16 x float> %207, %.splat18.3.i.1
  %227 = fadd reassoc contract <16 x float> %204, %226
  %228 = add nuw nsw i64 %iv1290.3.i, 2
  %exitcond.3.not.i.1 = icmp eq i64 %228, 256
  br i1 %exitcond.3.not.i.1, label %loop1.loopexit.i, label %body10.3.i

loop31.preheader.i:                               ; preds = %loop27.preheader.i, %exit43.i
  %iv30106.i = phi i64 [ %425, %exit43.i ], [ %iv4.lcssa.i, %loop27.preheader.i ]
  %.idx80.i = shl i64 %iv30106.i, 8
  %.idx108.i = shl i64 %iv30106.i, 10
  %invariant.gep.i = getelementptr i8, ptr %5, i64 %.idx108.i
  br label %body36.i

body36.i:                                         ; preds = %body36.i, %loop31.preheader.i
  %iv38101.i = phi i64 [ 0, %loop31.preheader.i ], [ %276, %body36.i ]
  %.074100.i = phi <16 x float> [ zeroinitializer, %loop31.preheader.i ], [ %275, %body36.i ]
  %.idx81.i = shl nuw nsw i64 %iv38101.i, 8
  %229 = getelementptr i8, ptr %7, i64 %.idx81.i
  %230 = load <16 x float>, ptr %229, align 4, !alias.scope !52, !noalias !55
  %gep.i = getelementptr float, ptr %invariant.gep.i, i64 %iv38101.i
  %231 = load float, ptr %gep.i, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i = insertelement <16 x float> poison, float %231, i64 0
  %.splat40.i = shufflevector <16 x float> %.splatinsert39.i, <16 x float> poison, <16 x i32> zeroinitializer
  %232 = fmul contract <16 x float> %230, %.splat40.i
  %233 = fadd reassoc contract <16 x float> %.074100.i, %232
  %234 = or disjoint i64 %iv38101.i, 1
  %.idx81.i.1 = shl nuw nsw i64 %234, 8
  %235 = getelementptr i8, ptr %7, i64 %.idx81.i.1
  %236 = load <16 x float>, ptr %235, align 4, !alias.scope !52, !noalias !55
  %gep.i.1 = getelementptr float, ptr %invariant.gep.i, i64 %234
  %237 = load float, ptr %gep.i.1, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.1 = insertelement <16 x float> poison, float %237, i64 0
  %.splat40.i.1 = shufflevector <16 x float> %.splatinsert39.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %238 = fmul contract <16 x float> %236, %.splat40.i.1
  %239 = fadd reassoc contract <16 x float> %233, %238
  %240 = or disjoint i64 %iv38101.i, 2
  %.idx81.i.2 = shl nuw nsw i64 %240, 8
  %241 = getelementptr i8, ptr %7, i64 %.idx81.i.2
  %242 = load <16 x float>, ptr %241, align 4, !alias.scope !52, !noalias !55
  %gep.i.2 = getelementptr float, ptr %invariant.gep.i, i64 %240
  %243 = load float, ptr %gep.i.2, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.2 = insertelement <16 x float> poison, float %243, i64 0
  %.splat40.i.2 = shufflevector <16 x float> %.splatinsert39.i.2, <16 x float> poison, <16 x i32> zeroinitializer
  %244 = fmul contract <16 x float> %242, %.splat40.i.2
  %245 = fadd reassoc contract <16 x float> %239, %244
  %246 = or disjoint i64 %iv38101.i, 3
  %.idx81.i.3 = shl nuw nsw i64 %246, 8
  %247 = getelementptr i8, ptr %7, i64 %.idx81.i.3
  %248 = load <16 x float>, ptr %247, align 4, !alias.scope !52, !noalias !55
  %gep.i.3 = getelementptr float, ptr %invariant.gep.i, i64 %246
  %249 = load float, ptr %gep.i.3, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.3 = insertelement <16 x float> poison, float %249, i64 0
  %.splat40.i.3 = shufflevector <16 x float> %.splatinsert39.i.3, <16 x float> poison, <16 x i32> zeroinitializer
  %250 = fmul contract <16 x float> %248, %.splat40.i.3
  %251 = fadd reassoc contract <16 x float> %245, %250
  %252 = or disjoint i64 %iv38101.i, 4
  %.idx81.i.4 = shl nuw nsw i64 %252, 8
  %253 = getelementptr i8, ptr %7, i64 %.idx81.i.4
  %254 = load <16 x float>, ptr %253, align 4, !alias.scope !52, !noalias !55
  %gep.i.4 = getelementptr float, ptr %invariant.gep.i, i64 %252
  %255 = load float, ptr %gep.i.4, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.4 = insertelement <16 x float> poison, float %255, i64 0
  %.splat40.i.4 = shufflevector <16 x float> %.splatinsert39.i.4, <16 x float> poison, <16 x i32> zeroinitializer
  %256 = fmul contract <16 x float> %254, %.splat40.i.4
  %257 = fadd reassoc contract <16 x float> %251, %256
  %258 = or disjoint i64 %iv38101.i, 5
  %.idx81.i.5 = shl nuw nsw i64 %258, 8
  %259 = getelementptr i8, ptr %7, i64 %.idx81.i.5
  %260 = load <16 x float>, ptr %259, align 4, !alias.scope !52, !noalias !55
  %gep.i.5 = getelementptr float, ptr %invariant.gep.i, i64 %258
  %261 = load float, ptr %gep.i.5, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.5 = insertelement <16 x float> poison, float %261, i64 0
  %.splat40.i.5 = shufflevector <16 x float> %.splatinsert39.i.5, <16 x float> poison, <16 x i32> zeroinitializer
  %262 = fmul contract <16 x float> %260, %.splat40.i.5
  %263 = fadd reassoc contract <16 x float> %257, %262
  %264 = or disjoint i64 %iv38101.i, 6
  %.idx81.i.6 = shl nuw nsw i64 %264, 8
  %265 = getelementptr i8, ptr %7, i64 %.idx81.i.6
  %266 = load <16 x float>, ptr %265, align 4, !alias.scope !52, !noalias !55
  %gep.i.6 = getelementptr float, ptr %invariant.gep.i, i64 %264
  %267 = load float, ptr %gep.i.6, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.6 = insertelement <16 x float> poison, float %267, i64 0
  %.splat40.i.6 = shufflevector <16 x float> %.splatinsert39.i.6, <16 x float> poison, <16 x i32> zeroinitializer
  %268 = fmul contract <16 x float> %266, %.splat40.i.6
  %269 = fadd reassoc contract <16 x float> %263, %268
  %270 = or disjoint i64 %iv38101.i, 7
  %.idx81.i.7 = shl nuw nsw i64 %270, 8
  %271 = getelementptr i8, ptr %7, i64 %.idx81.i.7
  %272 = load <16 x float>, ptr %271, align 4, !alias.scope !52, !noalias !55
  %gep.i.7 = getelementptr float, ptr %invariant.gep.i, i64 %270
  %273 = load float, ptr %gep.i.7, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.i.7 = insertelement <16 x float> poison, float %273, i64 0
  %.splat40.i.7 = shufflevector <16 x float> %.splatinsert39.i.7, <16 x float> poison, <16 x i32> zeroinitializer
  %274 = fmul contract <16 x float> %272, %.splat40.i.7
  %275 = fadd reassoc contract <16 x float> %269, %274
  %276 = add nuw nsw i64 %iv38101.i, 8
  %exitcond122.not.i.7 = icmp eq i64 %276, 256
  br i1 %exitcond122.not.i.7, label %exit37.i, label %body36.i

exit37.i:                                         ; preds = %body36.i
  %277 = getelementptr i8, ptr %3, i64 %.idx80.i
  store <16 x float> %275, ptr %277, align 4, !alias.scope !47, !noalias !54
  br label %body36.1.i

body36.1.i:                                       ; preds = %body36.1.i, %exit37.i
  %iv38101.1.i = phi i64 [ 0, %exit37.i ], [ %325, %body36.1.i ]
  %.074100.1.i = phi <16 x float> [ zeroinitializer, %exit37.i ], [ %324, %body36.1.i ]
  %.idx81.1.i = shl nuw nsw i64 %iv38101.1.i, 8
  %278 = getelementptr i8, ptr %9, i64 %.idx81.1.i
  %279 = load <16 x float>, ptr %278, align 4, !alias.scope !52, !noalias !55
  %gep145.i = getelementptr float, ptr %invariant.gep.i, i64 %iv38101.1.i
  %280 = load float, ptr %gep145.i, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i = insertelement <16 x float> poison, float %280, i64 0
  %.splat40.1.i = shufflevector <16 x float> %.splatinsert39.1.i, <16 x float> poison, <16 x i32> zeroinitializer
  %281 = fmul contract <16 x float> %279, %.splat40.1.i
  %282 = fadd reassoc contract <16 x float> %.074100.1.i, %281
  %283 = or disjoint i64 %iv38101.1.i, 1
  %.idx81.1.i.1 = shl nuw nsw i64 %283, 8
  %284 = getelementptr i8, ptr %9, i64 %.idx81.1.i.1
  %285 = load <16 x float>, ptr %284, align 4, !alias.scope !52, !noalias !55
  %gep145.i.1 = getelementptr float, ptr %invariant.gep.i, i64 %283
  %286 = load float, ptr %gep145.i.1, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.1 = insertelement <16 x float> poison, float %286, i64 0
  %.splat40.1.i.1 = shufflevector <16 x float> %.splatinsert39.1.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %287 = fmul contract <16 x float> %285, %.splat40.1.i.1
  %288 = fadd reassoc contract <16 x float> %282, %287
  %289 = or disjoint i64 %iv38101.1.i, 2
  %.idx81.1.i.2 = shl nuw nsw i64 %289, 8
  %290 = getelementptr i8, ptr %9, i64 %.idx81.1.i.2
  %291 = load <16 x float>, ptr %290, align 4, !alias.scope !52, !noalias !55
  %gep145.i.2 = getelementptr float, ptr %invariant.gep.i, i64 %289
  %292 = load float, ptr %gep145.i.2, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.2 = insertelement <16 x float> poison, float %292, i64 0
  %.splat40.1.i.2 = shufflevector <16 x float> %.splatinsert39.1.i.2, <16 x float> poison, <16 x i32> zeroinitializer
  %293 = fmul contract <16 x float> %291, %.splat40.1.i.2
  %294 = fadd reassoc contract <16 x float> %288, %293
  %295 = or disjoint i64 %iv38101.1.i, 3
  %.idx81.1.i.3 = shl nuw nsw i64 %295, 8
  %296 = getelementptr i8, ptr %9, i64 %.idx81.1.i.3
  %297 = load <16 x float>, ptr %296, align 4, !alias.scope !52, !noalias !55
  %gep145.i.3 = getelementptr float, ptr %invariant.gep.i, i64 %295
  %298 = load float, ptr %gep145.i.3, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.3 = insertelement <16 x float> poison, float %298, i64 0
  %.splat40.1.i.3 = shufflevector <16 x float> %.splatinsert39.1.i.3, <16 x float> poison, <16 x i32> zeroinitializer
  %299 = fmul contract <16 x float> %297, %.splat40.1.i.3
  %300 = fadd reassoc contract <16 x float> %294, %299
  %301 = or disjoint i64 %iv38101.1.i, 4
  %.idx81.1.i.4 = shl nuw nsw i64 %301, 8
  %302 = getelementptr i8, ptr %9, i64 %.idx81.1.i.4
  %303 = load <16 x float>, ptr %302, align 4, !alias.scope !52, !noalias !55
  %gep145.i.4 = getelementptr float, ptr %invariant.gep.i, i64 %301
  %304 = load float, ptr %gep145.i.4, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.4 = insertelement <16 x float> poison, float %304, i64 0
  %.splat40.1.i.4 = shufflevector <16 x float> %.splatinsert39.1.i.4, <16 x float> poison, <16 x i32> zeroinitializer
  %305 = fmul contract <16 x float> %303, %.splat40.1.i.4
  %306 = fadd reassoc contract <16 x float> %300, %305
  %307 = or disjoint i64 %iv38101.1.i, 5
  %.idx81.1.i.5 = shl nuw nsw i64 %307, 8
  %308 = getelementptr i8, ptr %9, i64 %.idx81.1.i.5
  %309 = load <16 x float>, ptr %308, align 4, !alias.scope !52, !noalias !55
  %gep145.i.5 = getelementptr float, ptr %invariant.gep.i, i64 %307
  %310 = load float, ptr %gep145.i.5, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.5 = insertelement <16 x float> poison, float %310, i64 0
  %.splat40.1.i.5 = shufflevector <16 x float> %.splatinsert39.1.i.5, <16 x float> poison, <16 x i32> zeroinitializer
  %311 = fmul contract <16 x float> %309, %.splat40.1.i.5
  %312 = fadd reassoc contract <16 x float> %306, %311
  %313 = or disjoint i64 %iv38101.1.i, 6
  %.idx81.1.i.6 = shl nuw nsw i64 %313, 8
  %314 = getelementptr i8, ptr %9, i64 %.idx81.1.i.6
  %315 = load <16 x float>, ptr %314, align 4, !alias.scope !52, !noalias !55
  %gep145.i.6 = getelementptr float, ptr %invariant.gep.i, i64 %313
  %316 = load float, ptr %gep145.i.6, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.6 = insertelement <16 x float> poison, float %316, i64 0
  %.splat40.1.i.6 = shufflevector <16 x float> %.splatinsert39.1.i.6, <16 x float> poison, <16 x i32> zeroinitializer
  %317 = fmul contract <16 x float> %315, %.splat40.1.i.6
  %318 = fadd reassoc contract <16 x float> %312, %317
  %319 = or disjoint i64 %iv38101.1.i, 7
  %.idx81.1.i.7 = shl nuw nsw i64 %319, 8
  %320 = getelementptr i8, ptr %9, i64 %.idx81.1.i.7
  %321 = load <16 x float>, ptr %320, align 4, !alias.scope !52, !noalias !55
  %gep145.i.7 = getelementptr float, ptr %invariant.gep.i, i64 %319
  %322 = load float, ptr %gep145.i.7, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.1.i.7 = insertelement <16 x float> poison, float %322, i64 0
  %.splat40.1.i.7 = shufflevector <16 x float> %.splatinsert39.1.i.7, <16 x float> poison, <16 x i32> zeroinitializer
  %323 = fmul contract <16 x float> %321, %.splat40.1.i.7
  %324 = fadd reassoc contract <16 x float> %318, %323
  %325 = add nuw nsw i64 %iv38101.1.i, 8
  %exitcond122.1.not.i.7 = icmp eq i64 %325, 256
  br i1 %exitcond122.1.not.i.7, label %exit37.1.i, label %body36.1.i

exit37.1.i:                                       ; preds = %body36.1.i
  %326 = getelementptr i8, ptr %277, i64 64
  store <16 x float> %324, ptr %326, align 4, !alias.scope !47, !noalias !54
  br label %body36.2.i

body36.2.i:                                       ; preds = %body36.2.i, %exit37.1.i
  %iv38101.2.i = phi i64 [ 0, %exit37.1.i ], [ %374, %body36.2.i ]
  %.074100.2.i = phi <16 x float> [ zeroinitializer, %exit37.1.i ], [ %373, %body36.2.i ]
  %.idx81.2.i = shl nuw nsw i64 %iv38101.2.i, 8
  %327 = getelementptr i8, ptr %10, i64 %.idx81.2.i
  %328 = load <16 x float>, ptr %327, align 4, !alias.scope !52, !noalias !55
  %gep147.i = getelementptr float, ptr %invariant.gep.i, i64 %iv38101.2.i
  %329 = load float, ptr %gep147.i, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i = insertelement <16 x float> poison, float %329, i64 0
  %.splat40.2.i = shufflevector <16 x float> %.splatinsert39.2.i, <16 x float> poison, <16 x i32> zeroinitializer
  %330 = fmul contract <16 x float> %328, %.splat40.2.i
  %331 = fadd reassoc contract <16 x float> %.074100.2.i, %330
  %332 = or disjoint i64 %iv38101.2.i, 1
  %.idx81.2.i.1 = shl nuw nsw i64 %332, 8
  %333 = getelementptr i8, ptr %10, i64 %.idx81.2.i.1
  %334 = load <16 x float>, ptr %333, align 4, !alias.scope !52, !noalias !55
  %gep147.i.1 = getelementptr float, ptr %invariant.gep.i, i64 %332
  %335 = load float, ptr %gep147.i.1, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.1 = insertelement <16 x float> poison, float %335, i64 0
  %.splat40.2.i.1 = shufflevector <16 x float> %.splatinsert39.2.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %336 = fmul contract <16 x float> %334, %.splat40.2.i.1
  %337 = fadd reassoc contract <16 x float> %331, %336
  %338 = or disjoint i64 %iv38101.2.i, 2
  %.idx81.2.i.2 = shl nuw nsw i64 %338, 8
  %339 = getelementptr i8, ptr %10, i64 %.idx81.2.i.2
  %340 = load <16 x float>, ptr %339, align 4, !alias.scope !52, !noalias !55
  %gep147.i.2 = getelementptr float, ptr %invariant.gep.i, i64 %338
  %341 = load float, ptr %gep147.i.2, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.2 = insertelement <16 x float> poison, float %341, i64 0
  %.splat40.2.i.2 = shufflevector <16 x float> %.splatinsert39.2.i.2, <16 x float> poison, <16 x i32> zeroinitializer
  %342 = fmul contract <16 x float> %340, %.splat40.2.i.2
  %343 = fadd reassoc contract <16 x float> %337, %342
  %344 = or disjoint i64 %iv38101.2.i, 3
  %.idx81.2.i.3 = shl nuw nsw i64 %344, 8
  %345 = getelementptr i8, ptr %10, i64 %.idx81.2.i.3
  %346 = load <16 x float>, ptr %345, align 4, !alias.scope !52, !noalias !55
  %gep147.i.3 = getelementptr float, ptr %invariant.gep.i, i64 %344
  %347 = load float, ptr %gep147.i.3, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.3 = insertelement <16 x float> poison, float %347, i64 0
  %.splat40.2.i.3 = shufflevector <16 x float> %.splatinsert39.2.i.3, <16 x float> poison, <16 x i32> zeroinitializer
  %348 = fmul contract <16 x float> %346, %.splat40.2.i.3
  %349 = fadd reassoc contract <16 x float> %343, %348
  %350 = or disjoint i64 %iv38101.2.i, 4
  %.idx81.2.i.4 = shl nuw nsw i64 %350, 8
  %351 = getelementptr i8, ptr %10, i64 %.idx81.2.i.4
  %352 = load <16 x float>, ptr %351, align 4, !alias.scope !52, !noalias !55
  %gep147.i.4 = getelementptr float, ptr %invariant.gep.i, i64 %350
  %353 = load float, ptr %gep147.i.4, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.4 = insertelement <16 x float> poison, float %353, i64 0
  %.splat40.2.i.4 = shufflevector <16 x float> %.splatinsert39.2.i.4, <16 x float> poison, <16 x i32> zeroinitializer
  %354 = fmul contract <16 x float> %352, %.splat40.2.i.4
  %355 = fadd reassoc contract <16 x float> %349, %354
  %356 = or disjoint i64 %iv38101.2.i, 5
  %.idx81.2.i.5 = shl nuw nsw i64 %356, 8
  %357 = getelementptr i8, ptr %10, i64 %.idx81.2.i.5
  %358 = load <16 x float>, ptr %357, align 4, !alias.scope !52, !noalias !55
  %gep147.i.5 = getelementptr float, ptr %invariant.gep.i, i64 %356
  %359 = load float, ptr %gep147.i.5, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.5 = insertelement <16 x float> poison, float %359, i64 0
  %.splat40.2.i.5 = shufflevector <16 x float> %.splatinsert39.2.i.5, <16 x float> poison, <16 x i32> zeroinitializer
  %360 = fmul contract <16 x float> %358, %.splat40.2.i.5
  %361 = fadd reassoc contract <16 x float> %355, %360
  %362 = or disjoint i64 %iv38101.2.i, 6
  %.idx81.2.i.6 = shl nuw nsw i64 %362, 8
  %363 = getelementptr i8, ptr %10, i64 %.idx81.2.i.6
  %364 = load <16 x float>, ptr %363, align 4, !alias.scope !52, !noalias !55
  %gep147.i.6 = getelementptr float, ptr %invariant.gep.i, i64 %362
  %365 = load float, ptr %gep147.i.6, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.6 = insertelement <16 x float> poison, float %365, i64 0
  %.splat40.2.i.6 = shufflevector <16 x float> %.splatinsert39.2.i.6, <16 x float> poison, <16 x i32> zeroinitializer
  %366 = fmul contract <16 x float> %364, %.splat40.2.i.6
  %367 = fadd reassoc contract <16 x float> %361, %366
  %368 = or disjoint i64 %iv38101.2.i, 7
  %.idx81.2.i.7 = shl nuw nsw i64 %368, 8
  %369 = getelementptr i8, ptr %10, i64 %.idx81.2.i.7
  %370 = load <16 x float>, ptr %369, align 4, !alias.scope !52, !noalias !55
  %gep147.i.7 = getelementptr float, ptr %invariant.gep.i, i64 %368
  %371 = load float, ptr %gep147.i.7, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.2.i.7 = insertelement <16 x float> poison, float %371, i64 0
  %.splat40.2.i.7 = shufflevector <16 x float> %.splatinsert39.2.i.7, <16 x float> poison, <16 x i32> zeroinitializer
  %372 = fmul contract <16 x float> %370, %.splat40.2.i.7
  %373 = fadd reassoc contract <16 x float> %367, %372
  %374 = add nuw nsw i64 %iv38101.2.i, 8
  %exitcond122.2.not.i.7 = icmp eq i64 %374, 256
  br i1 %exitcond122.2.not.i.7, label %exit37.2.i, label %body36.2.i

exit37.2.i:                                       ; preds = %body36.2.i
  %375 = getelementptr i8, ptr %277, i64 128
  store <16 x float> %373, ptr %375, align 4, !alias.scope !47, !noalias !54
  br label %body36.3.i

body36.3.i:                                       ; preds = %body36.3.i, %exit37.2.i
  %iv38101.3.i = phi i64 [ 0, %exit37.2.i ], [ %423, %body36.3.i ]
  %.074100.3.i = phi <16 x float> [ zeroinitializer, %exit37.2.i ], [ %422, %body36.3.i ]
  %.idx81.3.i = shl nuw nsw i64 %iv38101.3.i, 8
  %376 = getelementptr i8, ptr %11, i64 %.idx81.3.i
  %377 = load <16 x float>, ptr %376, align 4, !alias.scope !52, !noalias !55
  %gep149.i = getelementptr float, ptr %invariant.gep.i, i64 %iv38101.3.i
  %378 = load float, ptr %gep149.i, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i = insertelement <16 x float> poison, float %378, i64 0
  %.splat40.3.i = shufflevector <16 x float> %.splatinsert39.3.i, <16 x float> poison, <16 x i32> zeroinitializer
  %379 = fmul contract <16 x float> %377, %.splat40.3.i
  %380 = fadd reassoc contract <16 x float> %.074100.3.i, %379
  %381 = or disjoint i64 %iv38101.3.i, 1
  %.idx81.3.i.1 = shl nuw nsw i64 %381, 8
  %382 = getelementptr i8, ptr %11, i64 %.idx81.3.i.1
  %383 = load <16 x float>, ptr %382, align 4, !alias.scope !52, !noalias !55
  %gep149.i.1 = getelementptr float, ptr %invariant.gep.i, i64 %381
  %384 = load float, ptr %gep149.i.1, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.1 = insertelement <16 x float> poison, float %384, i64 0
  %.splat40.3.i.1 = shufflevector <16 x float> %.splatinsert39.3.i.1, <16 x float> poison, <16 x i32> zeroinitializer
  %385 = fmul contract <16 x float> %383, %.splat40.3.i.1
  %386 = fadd reassoc contract <16 x float> %380, %385
  %387 = or disjoint i64 %iv38101.3.i, 2
  %.idx81.3.i.2 = shl nuw nsw i64 %387, 8
  %388 = getelementptr i8, ptr %11, i64 %.idx81.3.i.2
  %389 = load <16 x float>, ptr %388, align 4, !alias.scope !52, !noalias !55
  %gep149.i.2 = getelementptr float, ptr %invariant.gep.i, i64 %387
  %390 = load float, ptr %gep149.i.2, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.2 = insertelement <16 x float> poison, float %390, i64 0
  %.splat40.3.i.2 = shufflevector <16 x float> %.splatinsert39.3.i.2, <16 x float> poison, <16 x i32> zeroinitializer
  %391 = fmul contract <16 x float> %389, %.splat40.3.i.2
  %392 = fadd reassoc contract <16 x float> %386, %391
  %393 = or disjoint i64 %iv38101.3.i, 3
  %.idx81.3.i.3 = shl nuw nsw i64 %393, 8
  %394 = getelementptr i8, ptr %11, i64 %.idx81.3.i.3
  %395 = load <16 x float>, ptr %394, align 4, !alias.scope !52, !noalias !55
  %gep149.i.3 = getelementptr float, ptr %invariant.gep.i, i64 %393
  %396 = load float, ptr %gep149.i.3, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.3 = insertelement <16 x float> poison, float %396, i64 0
  %.splat40.3.i.3 = shufflevector <16 x float> %.splatinsert39.3.i.3, <16 x float> poison, <16 x i32> zeroinitializer
  %397 = fmul contract <16 x float> %395, %.splat40.3.i.3
  %398 = fadd reassoc contract <16 x float> %392, %397
  %399 = or disjoint i64 %iv38101.3.i, 4
  %.idx81.3.i.4 = shl nuw nsw i64 %399, 8
  %400 = getelementptr i8, ptr %11, i64 %.idx81.3.i.4
  %401 = load <16 x float>, ptr %400, align 4, !alias.scope !52, !noalias !55
  %gep149.i.4 = getelementptr float, ptr %invariant.gep.i, i64 %399
  %402 = load float, ptr %gep149.i.4, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.4 = insertelement <16 x float> poison, float %402, i64 0
  %.splat40.3.i.4 = shufflevector <16 x float> %.splatinsert39.3.i.4, <16 x float> poison, <16 x i32> zeroinitializer
  %403 = fmul contract <16 x float> %401, %.splat40.3.i.4
  %404 = fadd reassoc contract <16 x float> %398, %403
  %405 = or disjoint i64 %iv38101.3.i, 5
  %.idx81.3.i.5 = shl nuw nsw i64 %405, 8
  %406 = getelementptr i8, ptr %11, i64 %.idx81.3.i.5
  %407 = load <16 x float>, ptr %406, align 4, !alias.scope !52, !noalias !55
  %gep149.i.5 = getelementptr float, ptr %invariant.gep.i, i64 %405
  %408 = load float, ptr %gep149.i.5, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.5 = insertelement <16 x float> poison, float %408, i64 0
  %.splat40.3.i.5 = shufflevector <16 x float> %.splatinsert39.3.i.5, <16 x float> poison, <16 x i32> zeroinitializer
  %409 = fmul contract <16 x float> %407, %.splat40.3.i.5
  %410 = fadd reassoc contract <16 x float> %404, %409
  %411 = or disjoint i64 %iv38101.3.i, 6
  %.idx81.3.i.6 = shl nuw nsw i64 %411, 8
  %412 = getelementptr i8, ptr %11, i64 %.idx81.3.i.6
  %413 = load <16 x float>, ptr %412, align 4, !alias.scope !52, !noalias !55
  %gep149.i.6 = getelementptr float, ptr %invariant.gep.i, i64 %411
  %414 = load float, ptr %gep149.i.6, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.6 = insertelement <16 x float> poison, float %414, i64 0
  %.splat40.3.i.6 = shufflevector <16 x float> %.splatinsert39.3.i.6, <16 x float> poison, <16 x i32> zeroinitializer
  %415 = fmul contract <16 x float> %413, %.splat40.3.i.6
  %416 = fadd reassoc contract <16 x float> %410, %415
  %417 = or disjoint i64 %iv38101.3.i, 7
  %.idx81.3.i.7 = shl nuw nsw i64 %417, 8
  %418 = getelementptr i8, ptr %11, i64 %.idx81.3.i.7
  %419 = load <16 x float>, ptr %418, align 4, !alias.scope !52, !noalias !55
  %gep149.i.7 = getelementptr float, ptr %invariant.gep.i, i64 %417
  %420 = load float, ptr %gep149.i.7, align 4, !alias.scope !50, !noalias !56
  %.splatinsert39.3.i.7 = insertelement <16 x float> poison, float %420, i64 0
  %.splat40.3.i.7 = shufflevector <16 x float> %.splatinsert39.3.i.7, <16 x float> poison, <16 x i32> zeroinitializer
  %421 = fmul contract <16 x float> %419, %.splat40.3.i.7
  %422 = fadd reassoc contract <16 x float> %416, %421
  %423 = add nuw nsw i64 %iv38101.3.i, 8
  %exitcond122.3.not.i.7 = icmp eq i64 %423, 256
  br i1 %exitcond122.3.not.i.7, label %exit43.i, label %body36.3.i

exit43.i:                                         ; preds = %body36.3.i
  %424 = getelementptr i8, ptr %277, i64 192
  store <16 x float> %422, ptr %424, align 4, !alias.scope !47, !noalias !54
  %425 = add nsw i64 %iv30106.i, 1
  %exitcond123.not.i = icmp eq i64 %425, %19
  br i1 %exitcond123.not.i, label %loop.loopexit.i, label %loop31.preheader.i

mlp_k4__fc2_Gemm.body.exit:                       ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k5__ln_out_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 24
  %9 = load ptr, ptr %8, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !57)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !60)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !62)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !64)
  %10 = icmp slt i64 %1, %2
  br i1 %10, label %body.preheader.i, label %mlp_k5__ln_out_LayerNormalization.body.exit

body.preheader.i:                                 ; preds = %entry
  %11 = getelementptr i8, ptr %9, i64 32
  %12 = getelementptr i8, ptr %9, i64 64
  %13 = getelementptr i8, ptr %9, i64 96
  %14 = getelementptr i8, ptr %9, i64 128
  %15 = getelementptr i8, ptr %9, i64 160
  %16 = getelementptr i8, ptr %9, i64 192
  %17 = getelementptr i8, ptr %9, i64 224
  br label %body.i

loop.loopexit.i:                                  ; preds = %exit11.i, %body.i
  %18 = icmp slt i64 %21, %2
  br i1 %18, label %body.i, label %mlp_k5__ln_out_LayerNormalization.body.exit

body.i:                                           ; preds = %loop.loopexit.i, %body.preheader.i
  %iv24.i = phi i64 [ %21, %loop.loopexit.i ], [ %1, %body.preheader.i ]
  %19 = sub i64 %2, %iv24.i
  %20 = tail call i64 @llvm.smin.i64(i64 %19, i64 1)
  %21 = add i64 %20, %iv24.i
  %22 = icmp sgt i64 %19, 0
  br i1 %22, label %exit11.i, label %loop.loopexit.i

exit11.i:                                         ; preds = %body.i
  %23 = getelementptr float, ptr %3, i64 %iv24.i
  %24 = shl i64 %iv24.i, 6
  %25 = getelementptr float, ptr %5, i64 %24
  %26 = load <8 x float>, ptr %25, align 4, !alias.scope !60, !noalias !66
  %27 = load <8 x float>, ptr %9, align 4, !alias.scope !64, !noalias !67
  %28 = getelementptr float, ptr %7, i64 %24
  %29 = load <8 x float>, ptr %28, align 4, !alias.scope !62, !noalias !68
  %30 = fadd contract <8 x float> %27, %29
  %31 = fadd contract <8 x float> %26, %30
  %32 = fadd reassoc contract <8 x float> %31, zeroinitializer
  %33 = or disjoint i64 %24, 8
  %34 = getelementptr float, ptr %5, i64 %33
  %35 = load <8 x float>, ptr %34, align 4, !alias.scope !60, !noalias !66
  %36 = load <8 x float>, ptr %11, align 4, !alias.scope !64, !noalias !67
  %37 = getelementptr float, ptr %7, i64 %33
  %38 = load <8 x float>, ptr %37, align 4, !alias.scope !62, !noalias !68
  %39 = fadd contract <8 x float> %36, %38
  %40 = fadd contract <8 x float> %35, %39
  %41 = fadd reassoc contract <8 x float> %32, %40
  %42 = or disjoint i64 %24, 16
  %43 = getelementptr float, ptr %5, i64 %42
  %44 = load <8 x float>, ptr %43, align 4, !alias.scope !60, !noalias !66
  %45 = load <8 x float>, ptr %12, align 4, !alias.scope !64, !noalias !67
  %46 = getelementptr float, ptr %7, i64 %42
  %47 = load <8 x float>, ptr %46, align 4, !alias.scope !62, !noalias !68
  %48 = fadd contract <8 x float> %45, %47
  %49 = fadd contract <8 x float> %44, %48
  %50 = fadd reassoc contract <8 x float> %41, %49
  %51 = or disjoint i64 %24, 24
  %52 = getelementptr float, ptr %5, i64 %51
  %53 = load <8 x float>, ptr %52, align 4, !alias.scope !60, !noalias !66
  %54 = load <8 x float>, ptr %13, align 4, !alias.scope !64, !noalias !67
  %55 = getelementptr float, ptr %7, i64 %51
  %56 = load <8 x float>, ptr %55, align 4, !alias.scope !62, !noalias !68
  %57 = fadd contract <8 x float> %54, %56
  %58 = fadd contract <8 x float> %53, %57
  %59 = fadd reassoc contract <8 x float> %50, %58
  %60 = or disjoint i64 %24, 32
  %61 = getelementptr float, ptr %5, i64 %60
  %62 = load <8 x float>, ptr %61, align 4, !alias.scope !60, !noalias !66
  %63 = load <8 x float>, ptr %14, align 4, !alias.scope !64, !noalias !67
  %64 = getelementptr float, ptr %7, i64 %60
  %65 = load <8 x float>, ptr %64, align 4, !alias.scope !62, !noalias !68
  %66 = fadd contract <8 x float> %63, %65
  %67 = fadd contract <8 x float> %62, %66
  %68 = fadd reassoc contract <8 x float> %59, %67
  %69 = or disjoint i64 %24, 40
  %70 = getelementptr float, ptr %5, i64 %69
  %71 = load <8 x float>, ptr %70, align 4, !alias.scope !60, !noalias !66
  %72 = load <8 x float>, ptr %15, align 4, !alias.scope !64, !noalias !67
  %73 = getelementptr float, ptr %7, i64 %69
  %74 = load <8 x float>, ptr %73, align 4, !alias.scope !62, !noalias !68
  %75 = fadd contract <8 x float> %72, %74
  %76 = fadd contract <8 x float> %71, %75
  %77 = fadd reassoc contract <8 x float> %68, %76
  %78 = or disjoint i64 %24, 48
  %79 = getelementptr float, ptr %5, i64 %78
  %80 = load <8 x float>, ptr %79, align 4, !alias.scope !60, !noalias !66
  %81 = load <8 x float>, ptr %16, align 4, !alias.scope !64, !noalias !67
  %82 = getelementptr float, ptr %7, i64 %78
  %83 = load <8 x float>, ptr %82, align 4, !alias.scope !62, !noalias !68
  %84 = fadd contract <8 x float> %81, %83
  %85 = fadd contract <8 x float> %80, %84
  %86 = fadd reassoc contract <8 x float> %77, %85
  %87 = or disjoint i64 %24, 56
  %88 = getelementptr float, ptr %5, i64 %87
  %89 = load <8 x float>, ptr %88, align 4, !alias.scope !60, !noalias !66
  %90 = load <8 x float>, ptr %17, align 4, !alias.scope !64, !noalias !67
  %91 = getelementptr float, ptr %7, i64 %87
  %92 = load <8 x float>, ptr %91, align 4, !alias.scope !62, !noalias !68
  %93 = fadd contract <8 x float> %90, %92
  %94 = fadd contract <8 x float> %89, %93
  %95 = fadd reassoc contract <8 x float> %86, %94
  %96 = tail call reassoc contract float @llvm.vector.reduce.fadd.v8f32(float 0.000000e+00, <8 x float> %95)
  store float %96, ptr %23, align 4, !alias.scope !57, !noalias !69
  br label %loop.loopexit.i

mlp_k5__ln_out_LayerNormalization.body.exit:      ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k6__ln_out_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 24
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr i8, ptr %0, i64 32
  %11 = load ptr, ptr %10, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !70)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !73)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !75)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !77)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !79)
  %12 = icmp slt i64 %1, %2
  br i1 %12, label %body.preheader.i, label %mlp_k6__ln_out_LayerNormalization.body.exit

body.preheader.i:                                 ; preds = %entry
  %13 = getelementptr i8, ptr %9, i64 32
  %14 = getelementptr i8, ptr %9, i64 64
  %15 = getelementptr i8, ptr %9, i64 96
  %16 = getelementptr i8, ptr %9, i64 128
  %17 = getelementptr i8, ptr %9, i64 160
  %18 = getelementptr i8, ptr %9, i64 192
  %19 = getelementptr i8, ptr %9, i64 224
  br label %body.i

loop.loopexit.i:                                  ; preds = %exit11.i, %body.i
  %20 = icmp slt i64 %23, %2
  br i1 %20, label %body.i, label %mlp_k6__ln_out_LayerNormalization.body.exit

body.i:                                           ; preds = %loop.loopexit.i, %body.preheader.i
  %iv25.i = phi i64 [ %23, %loop.loopexit.i ], [ %1, %body.preheader.i ]
  %21 = sub i64 %2, %iv25.i
  %22 = tail call i64 @llvm.smin.i64(i64 %21, i64 1)
  %23 = add i64 %22, %iv25.i
  %24 = icmp sgt i64 %21, 0
  br i1 %24, label %exit11.i, label %loop.loopexit.i

exit11.i:                                         ; preds = %body.i
  %25 = getelementptr float, ptr %3, i64 %iv25.i
  %26 = shl i64 %iv25.i, 6
  %27 = getelementptr float, ptr %5, i64 %26
  %28 = load <8 x float>, ptr %27, align 4, !alias.scope !73, !noalias !81
  %29 = load <8 x float>, ptr %9, align 4, !alias.scope !77, !noalias !82
  %30 = getelementptr float, ptr %7, i64 %26
  %31 = load <8 x float>, ptr %30, align 4, !alias.scope !75, !noalias !83
  %32 = fadd contract <8 x float> %29, %31
  %33 = fadd contract <8 x float> %28, %32
  %34 = getelementptr float, ptr %11, i64 %iv25.i
  %35 = load float, ptr %34, align 4, !alias.scope !79, !noalias !84
  %36 = fmul contract float %35, 1.562500e-02
  %.splatinsert.i = insertelement <8 x float> poison, float %36, i64 0
  %.splat.i = shufflevector <8 x float> %.splatinsert.i, <8 x float> poison, <8 x i32> zeroinitializer
  %37 = fsub contract <8 x float> %33, %.splat.i
  %38 = fmul contract <8 x float> %37, %37
  %39 = or disjoint i64 %26, 8
  %40 = getelementptr float, ptr %5, i64 %39
  %41 = load <8 x float>, ptr %40, align 4, !alias.scope !73, !noalias !81
  %42 = load <8 x float>, ptr %13, align 4, !alias.scope !77, !noalias !82
  %43 = getelementptr float, ptr %7, i64 %39
  %44 = load <8 x float>, ptr %43, align 4, !alias.scope !75, !noalias !83
  %45 = fadd contract <8 x float> %42, %44
  %46 = fadd contract <8 x float> %41, %45
  %47 = fsub contract <8 x float> %46, %.splat.i
  %48 = fmul contract <8 x float> %47, %47
  %49 = fadd reassoc contract <8 x float> %38, %48
  %50 = or disjoint i64 %26, 16
  %51 = getelementptr float, ptr %5, i64 %50
  %52 = load <8 x float>, ptr %51, align 4, !alias.scope !73, !noalias !81
  %53 = load <8 x float>, ptr %14, align 4, !alias.scope !77, !noalias !82
  %54 = getelementptr float, ptr %7, i64 %50
  %55 = load <8 x float>, ptr %54, align 4, !alias.scope !75, !noalias !83
  %56 = fadd contract <8 x float> %53, %55
  %57 = fadd contract <8 x float> %52, %56
  %58 = fsub contract <8 x float> %57, %.splat.i
  %59 = fmul contract <8 x float> %58, %58
  %60 = fadd reassoc contract <8 x float> %49, %59
  %61 = or disjoint i64 %26, 24
  %62 = getelementptr float, ptr %5, i64 %61
  %63 = load <8 x float>, ptr %62, align 4, !alias.scope !73, !noalias !81
  %64 = load <8 x float>, ptr %15, align 4, !alias.scope !77, !noalias !82
  %65 = getelementptr float, ptr %7, i64 %61
  %66 = load <8 x float>, ptr %65, align 4, !alias.scope !75, !noalias !83
  %67 = fadd contract <8 x float> %64, %66
  %68 = fadd contract <8 x float> %63, %67
  %69 = fsub contract <8 x float> %68, %.splat.i
  %70 = fmul contract <8 x float> %69, %69
  %71 = fadd reassoc contract <8 x float> %60, %70
  %72 = or disjoint i64 %26, 32
  %73 = getelementptr float, ptr %5, i64 %72
  %74 = load <8 x float>, ptr %73, align 4, !alias.scope !73, !noalias !81
  %75 = load <8 x float>, ptr %16, align 4, !alias.scope !77, !noalias !82
  %76 = getelementptr float, ptr %7, i64 %72
  %77 = load <8 x float>, ptr %76, align 4, !alias.scope !75, !noalias !83
  %78 = fadd contract <8 x float> %75, %77
  %79 = fadd contract <8 x float> %74, %78
  %80 = fsub contract <8 x float> %79, %.splat.i
  %81 = fmul contract <8 x float> %80, %80
  %82 = fadd reassoc contract <8 x float> %71, %81
  %83 = or disjoint i64 %26, 40
  %84 = getelementptr float, ptr %5, i64 %83
  %85 = load <8 x float>, ptr %84, align 4, !alias.scope !73, !noalias !81
  %86 = load <8 x float>, ptr %17, align 4, !alias.scope !77, !noalias !82
  %87 = getelementptr float, ptr %7, i64 %83
  %88 = load <8 x float>, ptr %87, align 4, !alias.scope !75, !noalias !83
  %89 = fadd contract <8 x float> %86, %88
  %90 = fadd contract <8 x float> %85, %89
  %91 = fsub contract <8 x float> %90, %.splat.i
  %92 = fmul contract <8 x float> %91, %91
  %93 = fadd reassoc contract <8 x float> %82, %92
  %94 = or disjoint i64 %26, 48
  %95 = getelementptr float, ptr %5, i64 %94
  %96 = load <8 x float>, ptr %95, align 4, !alias.scope !73, !noalias !81
  %97 = load <8 x float>, ptr %18, align 4, !alias.scope !77, !noalias !82
  %98 = getelementptr float, ptr %7, i64 %94
  %99 = load <8 x float>, ptr %98, align 4, !alias.scope !75, !noalias !83
  %100 = fadd contract <8 x float> %97, %99
  %101 = fadd contract <8 x float> %96, %100
  %102 = fsub contract <8 x float> %101, %.splat.i
  %103 = fmul contract <8 x float> %102, %102
  %104 = fadd reassoc contract <8 x float> %93, %103
  %105 = or disjoint i64 %26, 56
  %106 = getelementptr float, ptr %5, i64 %105
  %107 = load <8 x float>, ptr %106, align 4, !alias.scope !73, !noalias !81
  %108 = load <8 x float>, ptr %19, align 4, !alias.scope !77, !noalias !82
  %109 = getelementptr float, ptr %7, i64 %105
  %110 = load <8 x float>, ptr %109, align 4, !alias.scope !75, !noalias !83
  %111 = fadd contract <8 x float> %108, %110
  %112 = fadd contract <8 x float> %107, %111
  %113 = fsub contract <8 x float> %112, %.splat.i
  %114 = fmul contract <8 x float> %113, %113
  %115 = fadd reassoc contract <8 x float> %104, %114
  %116 = tail call reassoc contract float @llvm.vector.reduce.fadd.v8f32(float 0.000000e+00, <8 x float> %115)
  store float %116, ptr %25, align 4, !alias.scope !70, !noalias !85
  br label %loop.loopexit.i

mlp_k6__ln_out_LayerNormalization.body.exit:      ; preds = %loop.loopexit.i, %entry
  ret void
}

; Function Attrs: nofree norecurse nosync nounwind
define internal void @mlp_k7__ln_out_LayerNormalization(ptr nocapture readonly %0, i64 %1, i64 %2) #1 {
entry:
  %3 = load ptr, ptr %0, align 8
  %4 = getelementptr i8, ptr %0, i64 8
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr i8, ptr %0, i64 16
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr i8, ptr %0, i64 24
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr i8, ptr %0, i64 32
  %11 = load ptr, ptr %10, align 8
  %12 = getelementptr i8, ptr %0, i64 40
  %13 = load ptr, ptr %12, align 8
  %14 = getelementptr i8, ptr %0, i64 48
  %15 = load ptr, ptr %14, align 8
  %16 = getelementptr i8, ptr %0, i64 56
  %17 = load ptr, ptr %16, align 8
  tail call void @llvm.experimental.noalias.scope.decl(metadata !86)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !89)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !91)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !93)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !95)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !97)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !99)
  tail call void @llvm.experimental.noalias.scope.decl(metadata !101)
  %18 = icmp slt i64 %1, %2
  br i1 %18, label %body.preheader.i, label %mlp_k7__ln_out_LayerNormalization.body.exit

body.preheader.i:                                 ; preds = %entry
  %.phi.trans.insert.i = getelementptr i8, ptr %17, i64 96
  %.phi.trans.insert20.i = getelementptr i8, ptr %15, i64 96
  %.phi.trans.insert22.i = getelementptr i8, ptr %9, i64 96
  %.phi.trans.insert24.i = getelementptr i8, ptr %17, i64 128
  %.phi.trans.insert26.i = getelementptr i8, ptr %15, i64 128
  %.phi.trans.insert28.i = getelementptr i8, ptr %9, i64 128
  %19 = getelementptr i8, ptr %17, i64 32
  %20 = getelementptr i8, ptr %15, i64 32
  %21 = getelementptr i8, ptr %9, i64 32
  %22 = getelementptr i8, ptr %17, i64 64
  %23 = getelementptr i8, ptr %15, i64 64
  %24 = getelementptr i8, ptr %9, i64 64
  %25 = getelementptr i8, ptr %17, i64 160
  %26 = getelementptr i8, ptr %15, i64 160
  %27 = getelementptr i8, ptr %9, i64 160
  %28 = getelementptr i8, ptr %17, i64 192
  %29 = getelementptr i8, ptr %15, i64 192
  %30 = getelementptr i8, ptr %9, i64 192
  %31 = getelementptr i8, ptr %17, i64 224
  %32 = getelementptr i8, ptr %15, i64 224
  %33 = getelementptr i8, ptr %9, i64 224
  br label %body.i

loop.loopexit.i:                                  ; preds = %exit13.i, %body.i
  %34 = icmp slt i64 %38, %2
  br i1 %34, label %body.i, label %mlp_k7__ln_out_LayerNormalization.body.exit

body.i:                                           ; preds = %loop.loopexit.i, %body.preheader.i
  %iv19.i = phi i64 [ %38, %loop.loopexit.i ], [ %1, %body.preheader.i ]
  %35 = sub i64 %2, %iv19.i
  %36 = sub i64 4, %iv19.i
  %37 = tail call i64 @llvm.smin.i64(i64 %36, i64 %35)
  %38 = add i64 %37, %iv19.i
  %39 = tail call i64 @llvm.smin.i64(i64 %38, i64 4)
  %40 = icmp slt i64 %iv19.i, %39
  br i1 %40, label %loop5.preheader.preheader.i, label %loop.loopexit.i

loop5.preheader.preheader.i:                      ; preds = %body.i
  %.pre.i = load <8 x float>, ptr %.phi.trans.insert.i, align 4, !alias.scope !101, !noalias !103
  %.pre21.i = load <8 x float>, ptr %.phi.trans.insert20.i, align 4, !alias.scope !99, !noalias !104
  %.pre23.i = load <8 x float>, ptr %.phi.trans.insert22.i, align 4, !alias.scope !93, !noalias !105
  %.pre25.i = load <8 x float>, ptr %.phi.trans.insert24.i, align 4, !alias.scope !101, !noalias !103
  %.pre27.i = load <8 x float>, ptr %.phi.trans.insert26.i, align 4, !alias.scope !99, !noalias !104
  %.pre29.i = load <8 x float>, ptr %.phi.trans.insert28.i, align 4, !alias.scope !93, !noalias !105
  %41 = load <8 x float>, ptr %17, align 4, !alias.scope !101, !noalias !103
  %42 = load <8 x float>, ptr %15, align 4, !alias.scope !99, !noalias !104
  %43 = load <8 x float>, ptr %9, align 4, !alias.scope !93, !noalias !105
  %44 = load <8 x float>, ptr %19, align 4, !alias.scope !101, !noalias !103
  %45 = load <8 x float>, ptr %20, align 4, !alias.scope !99, !noalias !104
  %46 = load <8 x float>, ptr %21, align 4, !alias.scope !93, !noalias !105
  %47 = load <8 x float>, ptr %22, align 4, !alias.scope !101, !noalias !103
  %48 = load <8 x float>, ptr %23, align 4, !alias.scope !99, !noalias !104
  %49 = load <8 x float>, ptr %24, align 4, !alias.scope !93, !noalias !105
  %50 = load <8 x float>, ptr %25, align 4, !alias.scope !101, !noalias !103
  %51 = load <8 x float>, ptr %26, align 4, !alias.scope !99, !noalias !104
  %52 = load <8 x float>, ptr %27, align 4, !alias.scope !93, !noalias !105
  %53 = load <8 x float>, ptr %28, align 4, !alias.scope !101, !noalias !103
  %54 = load <8 x float>, ptr %29, align 4, !alias.scope !99, !noalias !104
  %55 = load <8 x float>, ptr %30, align 4, !alias.scope !93, !noalias !105
  %56 = load <8 x float>, ptr %31, align 4, !alias.scope !101, !noalias !103
  %57 = load <8 x float>, ptr %32, align 4, !alias.scope !99, !noalias !104
  %58 = load <8 x float>, ptr %33, align 4, !alias.scope !93, !noalias !105
  br label %exit13.i

exit13.i:                                         ; preds = %exit13.i, %loop5.preheader.preheader.i
  %iv418.i = phi i64 [ %164, %exit13.i ], [ %iv19.i, %loop5.preheader.preheader.i ]
  %59 = getelementptr float, ptr %13, i64 %iv418.i
  %60 = load float, ptr %59, align 4, !alias.scope !97, !noalias !106
  %61 = fmul contract float %60, 1.562500e-02
  %62 = fadd contract float %61, 0x3EE4F8B580000000
  %63 = tail call contract float @llvm.sqrt.f32(float %62)
  %64 = fdiv contract float 1.000000e+00, %63
  %.splatinsert.i = insertelement <8 x float> poison, float %64, i64 0
  %.splat.i = shufflevector <8 x float> %.splatinsert.i, <8 x float> poison, <8 x i32> zeroinitializer
  %65 = getelementptr float, ptr %11, i64 %iv418.i
  %66 = load float, ptr %65, align 4, !alias.scope !95, !noalias !107
  %67 = fmul contract float %66, 1.562500e-02
  %.splatinsert9.i = insertelement <8 x float> poison, float %67, i64 0
  %.splat10.i = shufflevector <8 x float> %.splatinsert9.i, <8 x float> poison, <8 x i32> zeroinitializer
  %68 = shl i64 %iv418.i, 6
  %69 = getelementptr float, ptr %7, i64 %68
  %70 = load <8 x float>, ptr %69, align 4, !alias.scope !91, !noalias !108
  %71 = fadd contract <8 x float> %43, %70
  %72 = getelementptr float, ptr %5, i64 %68
  %73 = load <8 x float>, ptr %72, align 4, !alias.scope !89, !noalias !109
  %74 = fadd contract <8 x float> %73, %71
  %75 = fsub contract <8 x float> %74, %.splat10.i
  %76 = fmul contract <8 x float> %75, %.splat.i
  %77 = fmul contract <8 x float> %42, %76
  %78 = fadd contract <8 x float> %41, %77
  %79 = getelementptr float, ptr %3, i64 %68
  store <8 x float> %78, ptr %79, align 4, !alias.scope !86, !noalias !110
  %80 = or disjoint i64 %68, 8
  %81 = getelementptr float, ptr %7, i64 %80
  %82 = load <8 x float>, ptr %81, align 4, !alias.scope !91, !noalias !108
  %83 = fadd contract <8 x float> %46, %82
  %84 = getelementptr float, ptr %5, i64 %80
  %85 = load <8 x float>, ptr %84, align 4, !alias.scope !89, !noalias !109
  %86 = fadd contract <8 x float> %85, %83
  %87 = fsub contract <8 x float> %86, %.splat10.i
  %88 = fmul contract <8 x float> %.splat.i, %87
  %89 = fmul contract <8 x float> %45, %88
  %90 = fadd contract <8 x float> %44, %89
  %91 = getelementptr float, ptr %3, i64 %80
  store <8 x float> %90, ptr %91, align 4, !alias.scope !86, !noalias !110
  %92 = or disjoint i64 %68, 16
  %93 = getelementptr float, ptr %7, i64 %92
  %94 = load <8 x float>, ptr %93, align 4, !alias.scope !91, !noalias !108
  %95 = fadd contract <8 x float> %49, %94
  %96 = getelementptr float, ptr %5, i64 %92
  %97 = load <8 x float>, ptr %96, align 4, !alias.scope !89, !noalias !109
  %98 = fadd contract <8 x float> %97, %95
  %99 = fsub contract <8 x float> %98, %.splat10.i
  %100 = fmul contract <8 x float> %.splat.i, %99
  %101 = fmul contract <8 x float> %48, %100
  %102 = fadd contract <8 x float> %47, %101
  %103 = getelementptr float, ptr %3, i64 %92
  store <8 x float> %102, ptr %103, align 4, !alias.scope !86, !noalias !110
  %104 = or disjoint i64 %68, 24
  %105 = getelementptr float, ptr %7, i64 %104
  %106 = load <8 x float>, ptr %105, align 4, !alias.scope !91, !noalias !108
  %107 = fadd contract <8 x float> %.pre23.i, %106
  %108 = getelementptr float, ptr %5, i64 %104
  %109 = load <8 x float>, ptr %108, align 4, !alias.scope !89, !noalias !109
  %110 = fadd contract <8 x float> %109, %107
  %111 = fsub contract <8 x float> %110, %.splat10.i
  %112 = fmul contract <8 x float> %.splat.i, %111
  %113 = fmul contract <8 x float> %.pre21.i, %112
  %114 = fadd contract <8 x float> %.pre.i, %113
  %115 = getelementptr float, ptr %3, i64 %104
  store <8 x float> %114, ptr %115, align 4, !alias.scope !86, !noalias !110
  %116 = or disjoint i64 %68, 32
  %117 = getelementptr float, ptr %7, i64 %116
  %118 = load <8 x float>, ptr %117, align 4, !alias.scope !91, !noalias !108
  %119 = fadd contract <8 x float> %.pre29.i, %118
  %120 = getelementptr float, ptr %5, i64 %116
  %121 = load <8 x float>, ptr %120, align 4, !alias.scope !89, !noalias !109
  %122 = fadd contract <8 x float> %121, %119
  %123 = fsub contract <8 x float> %122, %.splat10.i
  %124 = fmul contract <8 x float> %.splat.i, %123
  %125 = fmul contract <8 x float> %.pre27.i, %124
  %126 = fadd contract <8 x float> %.pre25.i, %125
  %127 = getelementptr float, ptr %3, i64 %116
  store <8 x float> %126, ptr %127, align 4, !alias.scope !86, !noalias !110
  %128 = or disjoint i64 %68, 40
  %129 = getelementptr float, ptr %7, i64 %128
  %130 = load <8 x float>, ptr %129, align 4, !alias.scope !91, !noalias !108
  %131 = fadd contract <8 x float> %52, %130
  %132 = getelementptr float, ptr %5, i64 %128
  %133 = load <8 x float>, ptr %132, align 4, !alias.scope !89, !noalias !109
  %134 = fadd contract <8 x float> %133, %131
  %135 = fsub contract <8 x float> %134, %.splat10.i
  %136 = fmul contract <8 x float> %.splat.i, %135
  %137 = fmul contract <8 x float> %51, %136
  %138 = fadd contract <8 x float> %50, %137
  %139 = getelementptr float, ptr %3, i64 %128
  store <8 x float> %138, ptr %139, align 4, !alias.scope !86, !noalias !110
  %140 = or disjoint i64 %68, 48
  %141 = getelementptr float, ptr %7, i64 %140
  %142 = load <8 x float>, ptr %141, align 4, !alias.scope !91, !noalias !108
  %143 = fadd contract <8 x float> %55, %142
  %144 = getelementptr float, ptr %5, i64 %140
  %145 = load <8 x float>, ptr %144, align 4, !alias.scope !89, !noalias !109
  %146 = fadd contract <8 x float> %145, %143
  %147 = fsub contract <8 x float> %146, %.splat10.i
  %148 = fmul contract <8 x float> %.splat.i, %147
  %149 = fmul contract <8 x float> %54, %148
  %150 = fadd contract <8 x float> %53, %149
  %151 = getelementptr float, ptr %3, i64 %140
  store <8 x float> %150, ptr %151, align 4, !alias.scope !86, !noalias !110
  %152 = or disjoint i64 %68, 56
  %153 = getelementptr float, ptr %7, i64 %152
  %154 = load <8 x float>, ptr %153, align 4, !alias.scope !91, !noalias !108
  %155 = fadd contract <8 x float> %58, %154
  %156 = getelementptr float, ptr %5, i64 %152
  %157 = load <8 x float>, ptr %156, align 4, !alias.scope !89, !noalias !109
  %158 = fadd contract <8 x float> %157, %155
  %159 = fsub contract <8 x float> %158, %.splat10.i
  %160 = fmul contract <8 x float> %.splat.i, %159
  %161 = fmul contract <8 x float> %57, %160
  %162 = fadd contract <8 x float> %56, %161
  %163 = getelementptr float, ptr %3, i64 %152
  store <8 x float> %162, ptr %163, align 4, !alias.scope !86, !noalias !110
  %164 = add nsw i64 %iv418.i, 1
  %exitcond.not.i = icmp eq i64 %164, %39
  br i1 %exitcond.not.i, label %loop.loopexit.i, label %exit13.i

mlp_k7__ln_out_LayerNormalization.body.exit:      ; preds = %loop.loopexit.i, %entry
  ret void
}

declare i32 @picort_model_create(ptr, ptr, ptr) local_unnamed_addr

declare i32 @picort_model_run(ptr, ptr, i32, ptr, i32) local_unnamed_addr

declare void @picort_model_destroy(ptr) local_unnamed_addr

; Function Attrs: nounwind
define i32 @mlp_create(ptr %0, ptr %1) local_unnamed_addr #2 {
entry:
  %2 = alloca %picort_options, align 8
  store i32 0, ptr %2, align 8
  %3 = getelementptr inbounds i8, ptr %2, i64 8
  store ptr %0, ptr %3, align 8
  %4 = call i32 @picort_model_create(ptr nonnull @mlp_desc, ptr nonnull %2, ptr %1) #4
  ret i32 %4
}

; Function Attrs: nounwind
define i32 @mlp_run(ptr %0, ptr %1, i32 %2, ptr %3, i32 %4) local_unnamed_addr #2 {
entry:
  %5 = tail call i32 @picort_model_run(ptr %0, ptr %1, i32 %2, ptr %3, i32 %4) #4
  ret i32 %5
}

; Function Attrs: nounwind
define void @mlp_destroy(ptr %0) local_unnamed_addr #2 {
entry:
  tail call void @picort_model_destroy(ptr %0) #4
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #3

attributes #0 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #1 = { nofree norecurse nosync nounwind "target-cpu"="znver3" "target-features"="+prfchw,-cldemote,+avx,+aes,+sahf,+pclmul,-xop,+crc32,+xsaves,-avx512fp16,-usermsr,-sm4,-egpr,+sse4.1,-avx512ifma,+xsave,+sse4.2,-tsxldtrk,-sm3,-ptwrite,-widekl,+invpcid,+64bit,+xsavec,-avx10.1-512,-avx512vpopcntdq,+cmov,-avx512vp2intersect,-avx512cd,+movbe,-avxvnniint8,-ccmp,-amx-int8,-kl,-avx10.1-256,-sha512,-avxvnni,-rtm,+adx,+avx2,-hreset,-movdiri,-serialize,+vpclmulqdq,-avx512vl,-uintr,-cf,+clflushopt,-raoint,-cmpccxadd,+bmi,-amx-tile,+sse,-gfni,-avxvnniint16,-amx-fp16,-ndd,+xsaveopt,+rdrnd,-avx512f,-amx-bf16,-avx512bf16,-avx512vnni,-push2pop2,+cx8,-avx512bw,+sse3,-pku,+fsgsbase,+clzero,-mwaitx,-lwp,+lzcnt,+sha,-movdir64b,-ppx,-wbnoinvd,-enqcmd,-avxneconvert,-tbm,-pconfig,-amx-complex,+ssse3,+cx16,+bmi2,+fma,+popcnt,-avxifma,+f16c,-avx512bitalg,-rdpru,+clwb,+mmx,+sse2,+rdseed,-avx512vbmi2,-prefetchi,+rdpid,-fma4,-avx512vbmi,+shstk,+vaes,-waitpkg,-sgx,+fxsr,-avx512dq,+sse4a" }
attributes #2 = { nounwind "target-cpu"="znver3" "target-features"="+prfchw,-cldemote,+avx,+aes,+sahf,+pclmul,-xop,+crc32,+xsaves,-avx512fp16,-usermsr,-sm4,-egpr,+sse4.1,-avx512ifma,+xsave,+sse4.2,-tsxldtrk,-sm3,-ptwrite,-widekl,+invpcid,+64bit,+xsavec,-avx10.1-512,-avx512vpopcntdq,+cmov,-avx512vp2intersect,-avx512cd,+movbe,-avxvnniint8,-ccmp,-amx-int8,-kl,-avx10.1-256,-sha512,-avxvnni,-rtm,+adx,+avx2,-hreset,-movdiri,-serialize,+vpclmulqdq,-avx512vl,-uintr,-cf,+clflushopt,-raoint,-cmpccxadd,+bmi,-amx-tile,+sse,-gfni,-avxvnniint16,-amx-fp16,-ndd,+xsaveopt,+rdrnd,-avx512f,-amx-bf16,-avx512bf16,-avx512vnni,-push2pop2,+cx8,-avx512bw,+sse3,-pku,+fsgsbase,+clzero,-mwaitx,-lwp,+lzcnt,+sha,-movdir64b,-ppx,-wbnoinvd,-enqcmd,-avxneconvert,-tbm,-pconfig,-amx-complex,+ssse3,+cx16,+bmi2,+fma,+popcnt,-avxifma,+f16c,-avx512bitalg,-rdpru,+clwb,+mmx,+sse2,+rdseed,-avx512vbmi2,-prefetchi,+rdpid,-fma4,-avx512vbmi,+shstk,+vaes,-waitpkg,-sgx,+fxsr,-avx512dq,+sse4a" }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #4 = { nounwind }

!0 = !{!1}
!1 = distinct !{!1, !2, !"mlp_k0__ln_LayerNormalization.body: argument 0"}
!2 = distinct !{!2, !"mlp_k0__ln_LayerNormalization.body"}
!3 = !{!4}
!4 = distinct !{!4, !2, !"mlp_k0__ln_LayerNormalization.body: argument 1"}
!5 = !{!6}
!6 = distinct !{!6, !7, !"mlp_k1__ln_LayerNormalization.body: argument 0"}
!7 = distinct !{!7, !"mlp_k1__ln_LayerNormalization.body"}
!8 = !{!9}
!9 = distinct !{!9, !7, !"mlp_k1__ln_LayerNormalization.body: argument 1"}
!10 = !{!11}
!11 = distinct !{!11, !7, !"mlp_k1__ln_LayerNormalization.body: argument 2"}
!12 = !{!6, !11}
!13 = !{!6, !9}
!14 = !{!9, !11}
!15 = !{!16}
!16 = distinct !{!16, !17, !"mlp_k2__ln_LayerNormalization.body: argument 0"}
!17 = distinct !{!17, !"mlp_k2__ln_LayerNormalization.body"}
!18 = !{!19}
!19 = distinct !{!19, !17, !"mlp_k2__ln_LayerNormalization.body: argument 1"}
!20 = !{!21}
!21 = distinct !{!21, !17, !"mlp_k2__ln_LayerNormalization.body: argument 2"}
!22 = !{!23}
!23 = distinct !{!23, !17, !"mlp_k2__ln_LayerNormalization.body: argument 3"}
!24 = !{!25}
!25 = distinct !{!25, !17, !"mlp_k2__ln_LayerNormalization.body: argument 4"}
!26 = !{!27}
!27 = distinct !{!27, !17, !"mlp_k2__ln_LayerNormalization.body: argument 5"}
!28 = !{!16, !19, !21, !23, !25}
!29 = !{!16, !19, !21, !23, !27}
!30 = !{!16, !19, !21, !25, !27}
!31 = !{!16, !19, !23, !25, !27}
!32 = !{!16, !21, !23, !25, !27}
!33 = !{!19, !21, !23, !25, !27}
!34 = !{!35}
!35 = distinct !{!35, !36, !"mlp_k3__act_Mul_1.body: argument 0"}
!36 = distinct !{!36, !"mlp_k3__act_Mul_1.body"}
!37 = !{!38}
!38 = distinct !{!38, !36, !"mlp_k3__act_Mul_1.body: argument 1"}
!39 = !{!40}
!40 = distinct !{!40, !36, !"mlp_k3__act_Mul_1.body: argument 2"}
!41 = !{!42}
!42 = distinct !{!42, !36, !"mlp_k3__act_Mul_1.body: argument 3"}
!43 = !{!35, !38, !42}
!44 = !{!35, !40, !42}
!45 = !{!35, !38, !40}
!46 = !{!38, !40, !42}
!47 = !{!48}
!48 = distinct !{!48, !49, !"mlp_k4__fc2_Gemm.body: argument 0"}
!49 = distinct !{!49, !"mlp_k4__fc2_Gemm.body"}
!50 = !{!51}
!51 = distinct !{!51, !49, !"mlp_k4__fc2_Gemm.body: argument 1"}
!52 = !{!53}
!53 = distinct !{!53, !49, !"mlp_k4__fc2_Gemm.body: argument 2"}
!54 = !{!51, !53}
!55 = !{!48, !51}
!56 = !{!48, !53}
!57 = !{!58}
!58 = distinct !{!58, !59, !"mlp_k5__ln_out_LayerNormalization.body: argument 0"}
!59 = distinct !{!59, !"mlp_k5__ln_out_LayerNormalization.body"}
!60 = !{!61}
!61 = distinct !{!61, !59, !"mlp_k5__ln_out_LayerNormalization.body: argument 1"}
!62 = !{!63}
!63 = distinct !{!63, !59, !"mlp_k5__ln_out_LayerNormalization.body: argument 2"}
!64 = !{!65}
!65 = distinct !{!65, !59, !"mlp_k5__ln_out_LayerNormalization.body: argument 3"}
!66 = !{!58, !63, !65}
!67 = !{!58, !61, !63}
!68 = !{!58, !61, !65}
!69 = !{!61, !63, !65}
!70 = !{!71}
!71 = distinct !{!71, !72, !"mlp_k6__ln_out_LayerNormalization.body: argument 0"}
!72 = distinct !{!72, !"mlp_k6__ln_out_LayerNormalization.body"}
!73 = !{!74}
!74 = distinct !{!74, !72, !"mlp_k6__ln_out_LayerNormalization.body: argument 1"}
!75 = !{!76}
!76 = distinct !{!76, !72, !"mlp_k6__ln_out_LayerNormalization.body: argument 2"}
!77 = !{!78}
!78 = distinct !{!78, !72, !"mlp_k6__ln_out_LayerNormalization.body: argument 3"}
!79 = !{!80}
!80 = distinct !{!80, !72, !"mlp_k6__ln_out_LayerNormalization.body: argument 4"}
!81 = !{!71, !76, !78, !80}
!82 = !{!71, !74, !76, !80}
!83 = !{!71, !74, !78, !80}
!84 = !{!71, !74, !76, !78}
!85 = !{!74, !76, !78, !80}
!86 = !{!87}
!87 = distinct !{!87, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 0"}
!88 = distinct !{!88, !"mlp_k7__ln_out_LayerNormalization.body"}
!89 = !{!90}
!90 = distinct !{!90, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 1"}
!91 = !{!92}
!92 = distinct !{!92, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 2"}
!93 = !{!94}
!94 = distinct !{!94, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 3"}
!95 = !{!96}
!96 = distinct !{!96, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 4"}
!97 = !{!98}
!98 = distinct !{!98, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 5"}
!99 = !{!100}
!100 = distinct !{!100, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 6"}
!101 = !{!102}
!102 = distinct !{!102, !88, !"mlp_k7__ln_out_LayerNormalization.body: argument 7"}
!103 = !{!87, !90, !92, !94, !96, !98, !100}
!104 = !{!87, !90, !92, !94, !96, !98, !102}
!105 = !{!87, !90, !92, !96, !98, !100, !102}
!106 = !{!87, !90, !92, !94, !96, !100, !102}
!107 = !{!87, !90, !92, !94, !98, !100, !102}
!108 = !{!87, !90, !94, !96, !98, !100, !102}
!109 = !{!87, !92, !94, !96, !98, !100, !102}
!110 = !{!90, !92, !94, !96, !98, !100, !102}
